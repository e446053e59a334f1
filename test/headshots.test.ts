// The headshot pipeline inside workerd: POST -> queue consumer -> the real `replicate` SDK
// against a local stand-in -> a signed webhook -> R2 -> succeeded, watched live over a WebSocket.
import { afterAll, describe, expect, it } from "vitest";
import { createExecutionContext, createMessageBatch, createScheduledController, env, getQueueResult, waitOnExecutionContext } from "cloudflare:test";
import { eq } from "drizzle-orm";
import worker from "../worker/index";
import { creditLedger, photoGenerations, photos, styleTemplates, webhookEvents } from "../worker/db/schema";
import { userAccount } from "../worker/billing/account";
import { call, json, registerUser, testDatabase, type TestUser, type ResponseBody, type Problem } from "./helpers";
import { fixture } from "./fixtures/photos/fixtures";
import { decodeImage } from "../worker/imaging/decode";
import { previewKey } from "../worker/headshots/style-previews";

const { db, close } = testDatabase();
afterAll(() => close());

const replicate = (path: string, body?: unknown) =>
  fetch(`${env.REPLICATE_API_BASE}${path}`, { method: body === undefined ? "GET" : "POST", body: body === undefined ? undefined : JSON.stringify(body) });

async function userWithSelfie(credits: number): Promise<{ user: TestUser; photoId: string }> {
  const user = await registerUser();
  if (credits > 1) await userAccount(env, user.id).grant(user.id, credits - 1, "test_grant", `test:${user.id}:topup`);
  const res = await call("/v1/photos?purpose=selfie", { rawBody: fixture("astronaut.jpg"), headers: { "content-type": "image/jpeg" }, token: user.accessToken });
  expect(res.status).toBe(201);
  return { user, photoId: (await json<ResponseBody<"/v1/photos", "post", 201>>(res)).id };
}

const generationRow = async (id: string) => (await db.select().from(photoGenerations).where(eq(photoGenerations.id, id)))[0]!;

/** Asks the stand-in for a signed webhook moving `predictionId` to `status`, and delivers it. */
async function webhook(predictionId: string, status: string, opts: { webhookId?: string; timestampOffset?: number; tamper?: boolean } = {}) {
  const delivery = (await (await replicate(`/__webhook/${predictionId}`, { status, ...opts })).json()) as { headers: Record<string, string>; body: string };
  const body = opts.tamper ? delivery.body.replace('"succeeded"', '"failed"') : delivery.body;
  return call("/v1/webhooks/replicate", { rawBody: body, headers: delivery.headers });
}

async function openLive(id: string, token: string) {
  const res = await call(`/v1/headshots/generations/${id}/live`, { headers: { upgrade: "websocket" }, token });
  expect(res.status).toBe(101);
  const ws = res.webSocket!;
  const states: { status: string; seq: number }[] = [];
  ws.addEventListener("message", (e) => {
    const msg = JSON.parse(e.data as string);
    if (msg.type === "state") states.push(msg.state);
  });
  ws.accept();
  return { ws, states };
}

describe("styles", () => {
  it("lists at least 8 styles in order, cacheable with an ETag", async () => {
    const res = await call("/v1/headshots/styles");
    expect(res.status).toBe(200);
    const { styles } = await json<ResponseBody<"/v1/headshots/styles", "get", 200>>(res);
    expect(styles.length).toBeGreaterThanOrEqual(8);
    expect(styles.map((s: { sortOrder: number }) => s.sortOrder)).toEqual([...styles.map((s: { sortOrder: number }) => s.sortOrder)].sort((a, b) => a - b));
    expect(styles.some((s: { subscriptionRequired: boolean }) => s.subscriptionRequired)).toBe(true);
    // Every seeded style has a formality the contract names (an unnamed one would show as null).
    for (const s of styles as { id: string; formalityLevel: string | null }[]) expect(["formal", "professional", "smart_casual", "casual"], s.id).toContain(s.formalityLevel);
    const etag = res.headers.get("etag")!;
    const again = await call("/v1/headshots/styles", { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
  });

  it("states what a set is and costs", async () => {
    const { pricing } = await json<ResponseBody<"/v1/headshots/styles", "get", 200>>(await call("/v1/headshots/styles"));
    expect(pricing).toEqual({ imagesPerSet: 4, creditsPerSet: 1, maxImages: 16 });
  });

  it("every style has a preview URL that serves a JPEG with the style's backdrop behind the portrait, rendered once", async () => {
    const { styles } = await json<ResponseBody<"/v1/headshots/styles", "get", 200>>(await call("/v1/headshots/styles"));
    const rows = await db.select().from(styleTemplates);
    for (const style of styles as { id: string; previewUrl: string }[]) {
      const url = new URL(style.previewUrl);
      expect(url.pathname).toBe(`/v1/headshots/styles/${style.id}/preview.jpg`);
      const row = rows.find((r) => r.id === style.id)!;
      expect(await env.PHOTOS.head(await previewKey(row)), `${style.id} not rendered before it is asked for`).toBeNull();
      const res = await call(url.pathname);
      expect(res.status, style.id).toBe(200);
      expect(res.headers.get("content-type")).toBe("image/jpeg");
      const image = await decodeImage(new Uint8Array(await res.arrayBuffer()));
      expect(image.width).toBeGreaterThanOrEqual(512);
      // Top-left corner: the style's backdrop (its gradient starts at backgroundTop), not the
      // portrait's flag.
      const top = [1, 3, 5].map((i) => parseInt(row.renderParams!.backgroundTop.slice(i, i + 2), 16));
      const corner = [0, 1, 2].map((k) => image.data[(Math.round(image.height * 0.03) * image.width + Math.round(image.width * 0.03)) * 4 + k]!);
      expect(Math.max(...corner.map((v, k) => Math.abs(v - top[k]!))), `${style.id} corner ${corner} vs ${top}`).toBeLessThan(16);
      // Stored: the next request reads R2 (same ETag), and a revalidation is a 304.
      const stored = await env.PHOTOS.head(await previewKey(row));
      expect(stored?.httpEtag).toBe(res.headers.get("etag"));
      const again = await call(url.pathname);
      expect(again.headers.get("etag")).toBe(stored!.httpEtag);
      await again.arrayBuffer();
      const revalidated = await call(url.pathname, { headers: { "if-none-match": stored!.httpEtag } });
      expect(revalidated.status).toBe(304);
    }
  });

  it("a preview of a style that does not exist is a 404 problem", async () => {
    const res = await call("/v1/headshots/styles/no-such-style/preview.jpg");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect((await json<Problem>(res)).code).toBe("not_found");
  });
});

describe("the whole pipeline", () => {
  it("renders through Replicate, stores the images, streams the states in order and commits the credits", async () => {
    const { user, photoId } = await userWithSelfie(3);
    const res = await call("/v1/headshots/generations", { token: user.accessToken, body: { photoId, styleId: "corporate-classic", count: 2 } });
    expect(res.status).toBe(202);
    const accepted = await json<ResponseBody<"/v1/headshots/generations", "post", 202>>(res);
    expect(accepted).toMatchObject({ status: "queued", renderer: "replicate", requestedCount: 2 });
    expect(accepted.queuePosition).toBeGreaterThanOrEqual(1);
    const live = await openLive(accepted.id, user.accessToken);
    // Two images are one set: one credit.
    expect((await json<ResponseBody<"/v1/billing/balance", "get", 200>>(await call("/v1/billing/balance", { token: user.accessToken }))).balance).toBe(2);

    // The queue consumer picks the job up and creates one prediction per image.
    // It records the predictions, then moves the generation to processing: wait for both.
    await expect
      .poll(
        async () => {
          const r = await generationRow(accepted.id);
          return [r.predictions.length, r.generationStatus];
        },
        { timeout: 10_000 },
      )
      .toEqual([2, "processing"]);
    const row = await generationRow(accepted.id);
    const created = (
      (await (await replicate("/__predictions")).json()) as {
        id: string;
        model: string;
        input: { input_image: string; prompt: string };
        webhook: string;
        webhook_events_filter: string[];
      }[]
    ).filter((p) => row.predictions.some((x) => x.id === p.id));
    expect(created).toHaveLength(2);
    expect(created[0]!.model).toBe("black-forest-labs/flux-kontext-pro");
    expect(created[0]!.input.input_image).toContain("/v1/files?key=");
    expect(created[0]!.webhook).toMatch(/\/v1\/webhooks\/replicate$/);
    expect(created[0]!.webhook_events_filter).toEqual(["completed"]);

    const [p1, p2] = row.predictions;
    expect((await webhook(p1!.id, "processing")).status).toBe(200);
    expect((await json<ResponseBody<"/v1/webhooks/replicate", "post", 200>>(await webhook(p1!.id, "succeeded"))).outcome).toBe("updated");
    expect((await generationRow(accepted.id)).generationStatus).toBe("processing");
    expect((await json<ResponseBody<"/v1/webhooks/replicate", "post", 200>>(await webhook(p2!.id, "succeeded"))).outcome).toBe("updated");

    const done = await json<ResponseBody<"/v1/headshots/generations/{id}", "get", 200>>(await call(`/v1/headshots/generations/${accepted.id}`, { token: user.accessToken }));
    expect(done.status).toBe("succeeded");
    expect(done.images).toHaveLength(2);
    const stored = await env.PHOTOS.list({ prefix: `users/${user.id}/headshots/${accepted.id}/` });
    expect(stored.objects.map((o) => o.key).filter((k) => k.endsWith(".jpg"))).toHaveLength(2);
    expect(stored.objects.map((o) => o.key).filter((k) => k.endsWith(".thumb.webp"))).toHaveLength(2);

    await expect.poll(() => live.states.map((s) => s.status).at(-1), { timeout: 5_000 }).toBe("succeeded");
    // The socket first gets the state at connect time (the consumer may already have started:
    // batches are not held back), then every change, in lifecycle order and increasing seq.
    const order = live.states.map((s) => s.status);
    const lifecycle = ["queued", "processing", "succeeded"];
    expect(["queued", "processing"]).toContain(order[0]);
    expect(order.map((s) => lifecycle.indexOf(s))).toEqual([...order.map((s) => lifecycle.indexOf(s))].sort((a, b) => a - b));
    expect(order).toContain("processing");
    expect(live.states.map((s) => s.seq)).toEqual([...live.states.map((s) => s.seq)].sort((a, b) => a - b));
    live.ws.close();

    // Both renders show the selfie's person: each carries its likeness, above the threshold.
    for (const image of done.images) expect(image.likeness).toBeGreaterThanOrEqual(done.likenessThreshold);
    expect(done.withheld).toEqual([]);
    const account = userAccount(env, user.id);
    expect((await account.balance(user.id)).balance).toBe(2);
    await account.flush();
    const ledger = await db.select().from(creditLedger).where(eq(creditLedger.userId, user.id));
    expect(ledger.filter((e) => e.reason === "release")).toHaveLength(0);
    expect(ledger.filter((e) => e.reason === "reserve").map((e) => e.delta)).toEqual([-1]);
  });

  it("serves the images through short-lived signed links only", async () => {
    const { user, photoId } = await userWithSelfie(1);
    const accepted = await json<ResponseBody<"/v1/headshots/generations", "post", 202>>(
      await call("/v1/headshots/generations", { token: user.accessToken, body: { photoId, styleId: "modern-tech", count: 1 } }),
    );
    await expect.poll(async () => (await generationRow(accepted.id)).predictions.length, { timeout: 10_000 }).toBe(1);
    await webhook((await generationRow(accepted.id)).predictions[0]!.id, "succeeded");
    const done = await json<ResponseBody<"/v1/headshots/generations/{id}", "get", 200>>(await call(`/v1/headshots/generations/${accepted.id}`, { token: user.accessToken }));
    const url = new URL(done.images[0]!.url);
    const ok = await call(`${url.pathname}${url.search}`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toBe("image/jpeg");
    const forged = new URLSearchParams(url.search);
    forged.set("key", forged.get("key")!.replace(user.id, crypto.randomUUID()));
    expect((await call(`/v1/files?${forged}`)).status).toBe(401);
    const expired = new URLSearchParams(url.search);
    expired.set("expires", String(Math.floor(Date.now() / 1000) - 10));
    expect((await call(`/v1/files?${expired}`)).status).toBe(401);
  });

  it("links the selfie that was rendered (the before of a before/after) the same way, for its owner only", async () => {
    const { user, photoId } = await userWithSelfie(1);
    const accepted = await json<ResponseBody<"/v1/headshots/generations", "post", 202>>(
      await call("/v1/headshots/generations", { token: user.accessToken, body: { photoId, styleId: "modern-tech", count: 1 } }),
    );
    const selfie = await db.select().from(photos).where(eq(photos.id, photoId));
    const stored = await env.PHOTOS.get(selfie[0]!.r2Key);
    const original = new Uint8Array(await stored!.arrayBuffer());
    for (const g of [
      accepted,
      await json<ResponseBody<"/v1/headshots/generations/{id}", "get", 200>>(await call(`/v1/headshots/generations/${accepted.id}`, { token: user.accessToken })),
    ]) {
      expect(g.selfie).not.toBeNull();
      const url = new URL(g.selfie!.url);
      expect(url.pathname).toBe("/v1/files");
      expect(url.searchParams.get("key")).toBe(selfie[0]!.r2Key);
      expect(url.searchParams.get("sig")).toBeTruthy();
      // The same lifetime as the images' links, and expiresAt is when the link stops working.
      const expires = Number(url.searchParams.get("expires"));
      expect(Date.parse(g.selfie!.expiresAt)).toBe(expires * 1000);
      expect(expires - Date.now() / 1000).toBeGreaterThan(800);
      expect(expires - Date.now() / 1000).toBeLessThanOrEqual(900);
      const res = await call(`${url.pathname}${url.search}`);
      expect(res.status).toBe(200);
      expect(new Uint8Array(await res.arrayBuffer())).toEqual(original);
      const forged = new URLSearchParams(url.search);
      forged.set(
        "sig",
        forged.get("sig")!.replace(/^./, (ch) => (ch === "A" ? "B" : "A")),
      );
      expect((await call(`/v1/files?${forged}`)).status).toBe(401);
    }
    const listed = (await json<ResponseBody<"/v1/headshots/generations", "get", 200>>(await call("/v1/headshots/generations", { token: user.accessToken }))).items[0];
    expect(new URL(listed!.selfie!.url).searchParams.get("key")).toBe(selfie[0]!.r2Key);
    // Another user never sees the generation, so never gets the link.
    const other = await registerUser();
    expect((await call(`/v1/headshots/generations/${accepted.id}`, { token: other.accessToken })).status).toBe(404);
    expect((await json<ResponseBody<"/v1/headshots/generations", "get", 200>>(await call("/v1/headshots/generations", { token: other.accessToken }))).items).toEqual([]);
    // Selfie deleted: no "before" any more.
    expect((await call(`/v1/photos/${photoId}`, { method: "DELETE", token: user.accessToken })).status).toBe(204);
    expect((await json<ResponseBody<"/v1/headshots/generations", "get", 200>>(await call("/v1/headshots/generations", { token: user.accessToken }))).items[0]!.selfie).toBeNull();
  });
});

describe("webhooks", () => {
  async function processing(credits = 1) {
    const { user, photoId } = await userWithSelfie(credits);
    const accepted = await json<ResponseBody<"/v1/headshots/generations", "post", 202>>(
      await call("/v1/headshots/generations", { token: user.accessToken, body: { photoId, styleId: "academic", count: 1 } }),
    );
    await expect.poll(async () => (await generationRow(accepted.id)).predictions.length, { timeout: 10_000 }).toBe(1);
    return { user, id: accepted.id as string, predictionId: (await generationRow(accepted.id)).predictions[0]!.id };
  }

  it("dedupes on webhook-id and ignores states that arrive after the end", async () => {
    const { id, predictionId } = await processing();
    const webhookId = `msg_${crypto.randomUUID()}`;
    expect((await json<ResponseBody<"/v1/webhooks/replicate", "post", 200>>(await webhook(predictionId, "succeeded", { webhookId }))).outcome).toBe("updated");
    expect((await json<ResponseBody<"/v1/webhooks/replicate", "post", 200>>(await webhook(predictionId, "succeeded", { webhookId }))).outcome).toBe("duplicate");
    expect((await json<ResponseBody<"/v1/webhooks/replicate", "post", 200>>(await webhook(predictionId, "processing"))).outcome).toBe("already_final");
    expect((await generationRow(id)).generationStatus).toBe("succeeded");
    expect(await db.select().from(webhookEvents).where(eq(webhookEvents.eventId, webhookId))).toHaveLength(1);
  });

  it("rejects bad signatures and stale timestamps; unknown predictions are acknowledged", async () => {
    const { id, predictionId } = await processing();
    expect((await webhook(predictionId, "succeeded", { tamper: true })).status).toBe(400);
    expect((await webhook(predictionId, "succeeded", { timestampOffset: -3600 })).status).toBe(400);
    expect((await generationRow(id)).generationStatus).toBe("processing");
    const unsigned = await call("/v1/webhooks/replicate", { body: { id: predictionId, status: "succeeded" } });
    expect(unsigned.status).toBe(400);
    // A prediction this API never started (e.g. another environment sharing the Replicate account).
    const orphan = (await (
      await fetch(`${env.REPLICATE_API_BASE}/v1/models/someone/else/predictions`, {
        method: "POST",
        headers: { authorization: `Bearer ${env.REPLICATE_API_TOKEN}` },
        body: JSON.stringify({ input: { prompt: "x" } }),
      })
    ).json()) as { id: string };
    const unknown = await webhook(orphan.id, "succeeded");
    expect(unknown.status).toBe(200);
    expect((await json<ResponseBody<"/v1/webhooks/replicate", "post", 200>>(unknown)).outcome).toBe("unknown_prediction");
  });

  it("a failed prediction fails the generation, explains why and refunds the credit", async () => {
    const { user, id, predictionId } = await processing(2);
    expect((await json<ResponseBody<"/v1/billing/balance", "get", 200>>(await call("/v1/billing/balance", { token: user.accessToken }))).balance).toBe(1);
    await webhook(predictionId, "failed", { error: "NSFW content detected" } as never);
    const row = await json<ResponseBody<"/v1/headshots/generations/{id}", "get", 200>>(await call(`/v1/headshots/generations/${id}`, { token: user.accessToken }));
    expect(row).toMatchObject({ status: "failed", failureReason: "provider_failed" });
    expect(row.message).toContain("refunded");
    expect((await json<ResponseBody<"/v1/billing/balance", "get", 200>>(await call("/v1/billing/balance", { token: user.accessToken }))).balance).toBe(2);
  });
});

describe("failures of the queue job", () => {
  async function queuedGeneration() {
    const { user, photoId } = await userWithSelfie(1);
    const reservation = await userAccount(env, user.id).reserve(user.id, 1, `direct-${crypto.randomUUID()}`);
    if (!reservation.ok) throw new Error("reserve failed");
    const [photo] = await db.select().from(photos).where(eq(photos.id, photoId));
    const [row] = await db
      .insert(photoGenerations)
      .values({
        userId: user.id,
        photoId,
        originalPhotoUrl: photo!.r2Key,
        styleId: "executive",
        renderer: "replicate",
        reservationId: reservation.reservation.id,
        generationStatus: "queued",
      })
      .returning();
    return { user, id: row!.id };
  }

  async function deliver(queue: string, id: string, attempts: number, jobEnv = env) {
    const batch = createMessageBatch(queue, [{ id: crypto.randomUUID(), timestamp: new Date(), attempts, body: { type: "render", generationId: id } }]);
    const ctx = createExecutionContext();
    await worker.queue(batch, jobEnv, ctx);
    await waitOnExecutionContext(ctx);
    return getQueueResult(batch, ctx);
  }

  it("provider 500s are retried with backoff, then the generation fails and the credit is released", async () => {
    const { user, id } = await queuedGeneration();
    await replicate("/__fail-creates?count=100", {});
    try {
      const first = await deliver("firstlook-generation-jobs", id, 1);
      expect(first.retryMessages).toHaveLength(1);
      expect((await generationRow(id)).generationStatus).toBe("queued");
      const last = await deliver("firstlook-generation-jobs", id, 5);
      expect(last.explicitAcks).toHaveLength(1);
    } finally {
      await replicate("/__fail-creates?count=0", {});
    }
    const row = await generationRow(id);
    expect(row).toMatchObject({ generationStatus: "failed", failureReason: "retries_exhausted" });
    expect((await json<ResponseBody<"/v1/billing/balance", "get", 200>>(await call("/v1/billing/balance", { token: user.accessToken }))).balance).toBe(1);
  });

  it("a provider that does not answer is timed out and the request retried", async () => {
    const { id } = await queuedGeneration();
    // The stand-in leaves the next create unanswered for 5 s; our 300 ms timeout aborts it and
    // the Replicate client retries the create, which then succeeds.
    await replicate("/__hang-creates?count=1", {});
    const result = await deliver("firstlook-generation-jobs", id, 1, { ...env, RENDER_PROVIDER_TIMEOUT_MS: "300" });
    expect(result.explicitAcks).toHaveLength(1);
    const row = await generationRow(id);
    expect(row.generationStatus).toBe("processing");
    expect(row.predictions).toHaveLength(1);
    // The hung create was consumed (so the success came from the retry, not a first answer).
    expect(((await (await replicate("/__hang-creates", {})).json()) as { hangCreates: number }).hangCreates).toBe(0);
  });

  it("the dead-letter consumer fails the generation and releases the credit", async () => {
    const { user, id } = await queuedGeneration();
    const result = await deliver("firstlook-generation-jobs-dlq", id, 1);
    expect(result.explicitAcks).toHaveLength(1);
    expect((await generationRow(id)).generationStatus).toBe("failed");
    expect((await json<ResponseBody<"/v1/billing/balance", "get", 200>>(await call("/v1/billing/balance", { token: user.accessToken }))).balance).toBe(1);
  });

  it("a malformed message is logged and acknowledged, not retried forever", async () => {
    const batch = createMessageBatch("firstlook-generation-jobs", [
      { id: crypto.randomUUID(), timestamp: new Date(), attempts: 1, body: { type: "render", generationId: "not-a-uuid" } },
      { id: crypto.randomUUID(), timestamp: new Date(), attempts: 1, body: "render everything" },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env, ctx);
    await waitOnExecutionContext(ctx);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toHaveLength(2);
    expect(result.retryMessages).toHaveLength(0);
  });

  it("a batch from a queue the environment does not name is kept for retry, not run", async () => {
    const { id } = await queuedGeneration();
    const batch = createMessageBatch("firstlook-generation-jobs-dlq-old", [
      { id: crypto.randomUUID(), timestamp: new Date(), attempts: 1, body: { type: "render", generationId: id } },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env, ctx);
    await waitOnExecutionContext(ctx);
    const result = await getQueueResult(batch, ctx);
    expect(result.retryBatch.retry).toBe(true);
    expect(result.explicitAcks).toHaveLength(0);
    // Not taken for a dead letter because its name contains "dlq": the generation is untouched.
    expect((await generationRow(id)).generationStatus).toBe("queued");
  });

  it("the reconciler finishes a generation whose webhook never came", async () => {
    const { user, photoId } = await userWithSelfie(1);
    const accepted = await json<ResponseBody<"/v1/headshots/generations", "post", 202>>(
      await call("/v1/headshots/generations", { token: user.accessToken, body: { photoId, styleId: "healthcare", count: 1 } }),
    );
    await expect.poll(async () => (await generationRow(accepted.id)).predictions.length, { timeout: 10_000 }).toBe(1);
    const predictionId = (await generationRow(accepted.id)).predictions[0]!.id;
    await replicate(`/__set/${predictionId}`, { status: "succeeded" });
    await db
      .update(photoGenerations)
      .set({ createdAt: new Date(Date.now() - 20 * 60_000) })
      .where(eq(photoGenerations.id, accepted.id));
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: "*/5 * * * *", scheduledTime: Date.now() }), env, ctx);
    await waitOnExecutionContext(ctx);
    const row = await generationRow(accepted.id);
    expect(row.generationStatus).toBe("succeeded");
    expect(row.outputs).toHaveLength(1);
  });
});

describe("push on completion", () => {
  it("notifies the user's devices through the Expo push API when pushes are configured", async () => {
    const { user, photoId } = await userWithSelfie(1);
    const token = `ExponentPushToken[${crypto.randomUUID().replace(/-/g, "").slice(0, 22)}]`;
    expect((await call("/v1/me/push-tokens", { token: user.accessToken, body: { token, platform: "ios" } })).status).toBe(204);
    const accepted = await json<ResponseBody<"/v1/headshots/generations", "post", 202>>(
      await call("/v1/headshots/generations", { token: user.accessToken, body: { photoId, styleId: "academic", count: 1 } }),
    );
    await expect.poll(async () => (await generationRow(accepted.id)).predictions.length, { timeout: 10_000 }).toBe(1);
    const delivery = (await (await replicate(`/__webhook/${(await generationRow(accepted.id)).predictions[0]!.id}`, { status: "succeeded" })).json()) as {
      headers: Record<string, string>;
      body: string;
    };
    const pushEnv = { ...env, EXPO_ACCESS_TOKEN: "expo-test-access-token" };
    const ctx = createExecutionContext();
    const res = await worker.fetch(new Request("http://api.test/v1/webhooks/replicate", { method: "POST", headers: delivery.headers, body: delivery.body }), pushEnv, ctx);
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(200);
    const received = (await (await fetch(`${env.EXPO_PUSH_API_BASE}/__received`)).json()) as { to: string; title: string; data: { generationId: string } }[];
    const mine = received.filter((m) => m.to === token);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ title: "Your headshots are ready", data: { generationId: accepted.id } });
  });

  it("refuses malformed push tokens", async () => {
    const user = await registerUser();
    expect((await call("/v1/me/push-tokens", { token: user.accessToken, body: { token: "not-a-token", platform: "ios" } })).status).toBe(400);
  });
});

describe("requests users make", () => {
  it("cancel refunds and cannot be repeated", async () => {
    const { user, photoId } = await userWithSelfie(1);
    const accepted = await json<ResponseBody<"/v1/headshots/generations", "post", 202>>(
      await call("/v1/headshots/generations", { token: user.accessToken, body: { photoId, styleId: "real-estate", count: 1 } }),
    );
    const res = await call(`/v1/headshots/generations/${accepted.id}/cancel`, { method: "POST", token: user.accessToken });
    expect(res.status).toBe(200);
    expect((await json<ResponseBody<"/v1/headshots/generations/{id}/cancel", "post", 200>>(res)).status).toBe("canceled");
    expect((await json<ResponseBody<"/v1/billing/balance", "get", 200>>(await call("/v1/billing/balance", { token: user.accessToken }))).balance).toBe(1);
    expect((await call(`/v1/headshots/generations/${accepted.id}/cancel`, { method: "POST", token: user.accessToken })).status).toBe(409);
  });

  it("refuses without credits (402), premium styles without Unlimited (403), other users' photos (404)", async () => {
    const { user, photoId } = await userWithSelfie(1);
    // 5 images are two sets: two credits.
    const tooMany = await call("/v1/headshots/generations", { token: user.accessToken, body: { photoId, styleId: "academic", count: 5 } });
    expect(tooMany.status).toBe(402);
    expect((await json<Problem>(tooMany)).code).toBe("insufficient_credits");
    const premium = await call("/v1/headshots/generations", { token: user.accessToken, body: { photoId, styleId: "executive", count: 1 } });
    expect(premium.status).toBe(403);
    const other = await registerUser();
    const stolen = await call("/v1/headshots/generations", { token: other.accessToken, body: { photoId, styleId: "academic", count: 1 } });
    expect(stolen.status).toBe(404);
    expect((await call("/v1/headshots/generations", { token: user.accessToken, body: { photoId, styleId: "academic", count: 17 } })).status).toBe(400);
    expect((await call("/v1/headshots/generations", { token: user.accessToken, body: { photoId, photoIds: [photoId], styleId: "academic" } })).status).toBe(400);
    expect(
      (await call("/v1/headshots/generations", { token: user.accessToken, body: { photoIds: [photoId, photoId, photoId, photoId, photoId, photoId], styleId: "academic" } }))
        .status,
    ).toBe(400);
    expect((await json<ResponseBody<"/v1/billing/balance", "get", 200>>(await call("/v1/billing/balance", { token: user.accessToken }))).balance).toBe(1);
  });

  it("an idempotent retry of the start request charges once and returns the same generation", async () => {
    const { user, photoId } = await userWithSelfie(2);
    const key = crypto.randomUUID();
    const send = () => call("/v1/headshots/generations", { token: user.accessToken, body: { photoId, styleId: "academic", count: 1 }, headers: { "idempotency-key": key } });
    const [a, b] = await Promise.all([send(), send()]);
    expect((await json<ResponseBody<"/v1/headshots/generations", "post", 202>>(a)).id).toBe((await json<ResponseBody<"/v1/headshots/generations", "post", 202>>(b)).id);
    expect((await json<ResponseBody<"/v1/billing/balance", "get", 200>>(await call("/v1/billing/balance", { token: user.accessToken }))).balance).toBe(1);
  });

  it("the gallery pages newest first; another user's generation is 404; delete removes images", async () => {
    const { user, photoId } = await userWithSelfie(3);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push(
        (
          await json<ResponseBody<"/v1/headshots/generations", "post", 202>>(
            await call("/v1/headshots/generations", { token: user.accessToken, body: { photoId, styleId: "academic", count: 1 } }),
          )
        ).id,
      );
    const page1 = await json<ResponseBody<"/v1/headshots/generations", "get", 200>>(await call("/v1/headshots/generations?limit=2", { token: user.accessToken }));
    expect(page1.items.map((g: { id: string }) => g.id)).toEqual([ids[2], ids[1]]);
    const page2 = await json<ResponseBody<"/v1/headshots/generations", "get", 200>>(
      await call(`/v1/headshots/generations?limit=2&cursor=${page1.nextCursor}`, { token: user.accessToken }),
    );
    expect(page2.items.map((g: { id: string }) => g.id)).toEqual([ids[0]]);
    const other = await registerUser();
    expect((await call(`/v1/headshots/generations/${ids[0]}`, { token: other.accessToken })).status).toBe(404);
    const unfinished = await call(`/v1/headshots/generations/${ids[0]}`, { method: "DELETE", token: user.accessToken });
    expect(unfinished.status).toBe(409);
    expect((await json<Problem>(unfinished)).code).toBe("generation_in_progress");
    await call(`/v1/headshots/generations/${ids[0]}/cancel`, { method: "POST", token: user.accessToken });
    expect((await call(`/v1/headshots/generations/${ids[0]}`, { method: "DELETE", token: user.accessToken })).status).toBe(204);
    expect((await call(`/v1/headshots/generations/${ids[0]}`, { token: user.accessToken })).status).toBe(404);
  });
});
