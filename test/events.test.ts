// Analytics events: client batches validated per type, stored with session and platform,
// anonymous or signed in; server-side events through recordEvent; forwarding to Mixpanel's
// /import through the local stand-in (test/stand-ins/mixpanel.ts) after the response.
import { afterAll, describe, expect, it } from "vitest";
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { eq } from "drizzle-orm";
import worker from "../worker/index";
import { analyticsEvents } from "../worker/db/schema";
import { recordEvent } from "../worker/analytics/events";
import { call, json, registerAdult, registerUser, testDatabase, type ResponseBody, type Problem } from "./helpers";

const { db, close } = testDatabase();
afterAll(() => close());

const session = () => `sess_${crypto.randomUUID().replace(/-/g, "")}`;
const eventsOf = (sessionId: string) => db.select().from(analyticsEvents).where(eq(analyticsEvents.sessionId, sessionId));

interface Imported {
  event: string;
  properties: Record<string, unknown>;
}
async function importedByMixpanel(): Promise<Imported[]> {
  return ((await (await fetch(new URL("/__events", env.MIXPANEL_API_BASE))).json()) as { events: Imported[] }).events;
}

const sample = (id = crypto.randomUUID()) => [
  { type: "screen_viewed", id, properties: { screen: "onboarding/welcome" } },
  { type: "paywall_viewed", properties: { trigger: "bio_limit", productLine: "dating" } },
  { type: "purchase_started", properties: { productId: "dating_credits_15", store: "app_store" }, occurredAt: new Date(Date.now() - 60_000).toISOString() },
];

describe("POST /v1/events", () => {
  it("stores an anonymous batch with its session and platform", async () => {
    const sessionId = session();
    const res = await call("/v1/events", { body: { sessionId, platform: "ios", appVersion: "1.4.2", events: sample() } });
    expect(res.status).toBe(202);
    expect(await json<ResponseBody<"/v1/events", "post", 202>>(res)).toEqual({ accepted: 3, duplicates: 0 });
    const rows = await eventsOf(sessionId);
    expect(rows).toHaveLength(3);
    for (const r of rows) expect(r).toMatchObject({ userId: null, platform: "ios", sessionId });
    expect(rows.find((r) => r.eventType === "screen_viewed")!.eventProperties).toEqual({ screen: "onboarding/welcome", appVersion: "1.4.2" });
    expect(rows.find((r) => r.eventType === "purchase_started")!.eventProperties).toMatchObject({ occurredAt: expect.any(String) });
  });

  it("attributes a signed-in batch to the user, and rejects a bad token rather than going anonymous", async () => {
    const user = await registerUser();
    const sessionId = session();
    const res = await call("/v1/events", { token: user.accessToken, body: { sessionId, platform: "android", events: sample() } });
    expect(res.status).toBe(202);
    expect((await eventsOf(sessionId)).every((r) => r.userId === user.id)).toBe(true);

    const other = session();
    const bad = await call("/v1/events", { token: "not.a.token", body: { sessionId: other, platform: "web", events: sample() } });
    expect(bad.status).toBe(401);
    expect(await eventsOf(other)).toHaveLength(0);
  });

  it("skips events whose id was already stored (a retried batch)", async () => {
    const sessionId = session();
    const id = crypto.randomUUID();
    const batch = { sessionId, platform: "web", events: [{ type: "screen_viewed", id, properties: { screen: "home" } }] };
    expect(await json<ResponseBody<"/v1/events", "post", 202>>(await call("/v1/events", { body: batch }))).toEqual({ accepted: 1, duplicates: 0 });
    expect(await json<ResponseBody<"/v1/events", "post", 202>>(await call("/v1/events", { body: batch }))).toEqual({ accepted: 0, duplicates: 1 });
    expect(await eventsOf(sessionId)).toHaveLength(1);
  });

  const invalid: [string, (sessionId: string) => unknown][] = [
    ["an unknown event type", (s) => ({ sessionId: s, platform: "ios", events: [{ type: "rage_quit", properties: {} }] })],
    ["an unknown property", (s) => ({ sessionId: s, platform: "ios", events: [{ type: "screen_viewed", properties: { screen: "home", ssn: "123" } }] })],
    ["a missing property", (s) => ({ sessionId: s, platform: "ios", events: [{ type: "bio_copied", properties: { platform: "tinder" } }] })],
    ["a wrongly typed property", (s) => ({ sessionId: s, platform: "ios", events: [{ type: "photo_uploaded", properties: { photoCount: "three", source: "camera" } }] })],
    ["a server-only event type", (s) => ({ sessionId: s, platform: "ios", events: [{ type: "bio_generated", properties: {} }] })],
    ["more than 100 events", (s) => ({ sessionId: s, platform: "ios", events: Array.from({ length: 101 }, () => ({ type: "screen_viewed", properties: { screen: "home" } })) })],
    ["no events", (s) => ({ sessionId: s, platform: "ios", events: [] })],
    ["an unknown platform", (s) => ({ sessionId: s, platform: "blackberry", events: sample() })],
    ["an event from the far past", (s) => ({ sessionId: s, platform: "ios", events: [{ ...sample()[0], occurredAt: "2020-01-01T00:00:00Z" }] })],
    ["no session id", () => ({ platform: "ios", events: sample() })],
  ];

  it.each(invalid)("rejects %s with validation_failed and stores nothing of the batch", async (_name, build) => {
    const sessionId = session();
    const res = await call("/v1/events", { body: build(sessionId) });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect((await json<Problem>(res)).code).toBe("validation_failed");
    expect(await eventsOf(sessionId)).toHaveLength(0);
  });

  it("accepts exactly 100 events", async () => {
    const sessionId = session();
    const events = Array.from({ length: 100 }, (_, i) => ({ type: "screen_viewed", properties: { screen: `s${i}` } }));
    expect(await json<ResponseBody<"/v1/events", "post", 202>>(await call("/v1/events", { body: { sessionId, platform: "web", events } }))).toEqual({
      accepted: 100,
      duplicates: 0,
    });
  });
});

describe("server-side events", () => {
  it("recordEvent stores a server event for other features to use", async () => {
    const user = await registerUser();
    const stored = await recordEvent(db, { userId: user.id, type: "purchase", properties: { productId: "dating_credits_5", provider: "stripe" } });
    const [row] = await db.select().from(analyticsEvents).where(eq(analyticsEvents.id, stored.id));
    expect(row).toMatchObject({
      userId: user.id,
      eventType: "purchase",
      platform: "server",
      sessionId: null,
      eventProperties: { productId: "dating_credits_5", provider: "stripe" },
    });
  });
});

describe("forwarding to Mixpanel", () => {
  it("imports stored events after the response, deduplicable by $insert_id", async () => {
    const user = await registerUser();
    const sessionId = session();
    await call("/v1/events", { token: user.accessToken, body: { sessionId, platform: "ios", events: sample() } });
    await call("/v1/events", { body: { sessionId: `${sessionId}_anon`, platform: "web", events: [{ type: "screen_viewed", properties: { screen: "landing" } }] } });
    const rows = [...(await eventsOf(sessionId)), ...(await eventsOf(`${sessionId}_anon`))];

    await expect.poll(async () => (await importedByMixpanel()).filter((e) => rows.some((r) => r.id === e.properties.$insert_id)).length, { timeout: 5_000, interval: 100 }).toBe(4);
    const imported = (await importedByMixpanel()).filter((e) => rows.some((r) => r.id === e.properties.$insert_id));
    const purchase = imported.find((e) => e.event === "purchase_started")!;
    expect(purchase.properties).toMatchObject({
      distinct_id: user.id,
      $user_id: user.id,
      $device_id: sessionId,
      app_platform: "ios",
      productId: "dating_credits_15",
      store: "app_store",
    });
    // The device's own timestamp is used when it sent one.
    expect(purchase.properties.time).toBe(Date.parse(String(purchase.properties.occurredAt)));
    const anonymous = imported.find((e) => e.properties.screen === "landing")!;
    expect(anonymous.properties).toMatchObject({ distinct_id: `$device:${sessionId}_anon`, app_platform: "web" });
    expect(anonymous.properties.$user_id).toBeUndefined();
  });

  it("retries once when Mixpanel is briefly unavailable", async () => {
    const sessionId = session();
    await call("/v1/events", { body: { sessionId, platform: "android", events: [{ type: "screen_viewed", properties: { screen: "mixpanel-503-once" } }] } });
    const [row] = await eventsOf(sessionId);
    await expect.poll(async () => (await importedByMixpanel()).some((e) => e.properties.$insert_id === row!.id), { timeout: 5_000, interval: 100 }).toBe(true);
  });

  it("forwards server events too (bio_generated)", async () => {
    const user = await registerAdult();
    const res = await call("/v1/dating/bios", {
      token: user.accessToken,
      body: { platform: "bumble", style: "witty", variants: 1, facts: { interests: ["chess"], specifics: ["I grew up on a boat"] } },
    });
    expect(res.status).toBe(201);
    await expect
      .poll(async () => (await importedByMixpanel()).find((e) => e.event === "bio_generated" && e.properties.distinct_id === user.id)?.properties, {
        timeout: 5_000,
        interval: 100,
      })
      .toMatchObject({ platform: "bumble", style: "witty", variants: 1, app_platform: "server" });
  });

  it("sends nothing when MIXPANEL_TOKEN is not set", async () => {
    const sessionId = session();
    const ctx = createExecutionContext();
    const res = await worker.fetch(
      new Request("http://api.test/v1/events", {
        method: "POST",
        headers: { "content-type": "application/json", "cf-connecting-ip": "203.0.113.7" },
        body: JSON.stringify({ sessionId, platform: "web", events: [{ type: "screen_viewed", properties: { screen: "home" } }] }),
      }),
      { ...env, MIXPANEL_TOKEN: undefined },
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(202);
    const [row] = await eventsOf(sessionId);
    expect(row).toBeDefined();
    expect((await importedByMixpanel()).some((e) => e.properties.$insert_id === row!.id)).toBe(false);
  });
});
