// RevenueCat webhooks through the real Worker: auth, dedupe, credit packs, subscriptions
// arriving late / twice / out of order, refunds, transfers.
import { afterAll, describe, expect, it } from "vitest";
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import worker from "../worker/index";
import { creditLedger, purchases, webhookEvents } from "../worker/db/schema";
import { userAccount } from "../worker/billing/account";
import { call, json, registerUser, testDatabase, type TestUser, type ResponseBody, type Problem, type OpenApiDocument } from "./helpers";

const { db, close } = testDatabase();
afterAll(() => close());

const AUTH = "test-revenuecat-webhook-auth-value";
const PATH = "/v1/webhooks/revenuecat";
const PACK = "firstlook.dating.credits15"; // dating_credits_15
const MONTHLY = "firstlook.dating.unlimited.monthly"; // dating_unlimited_monthly
const DAY = 86_400_000;

type Event = Record<string, unknown> & { id: string };

function rcEvent(type: string, appUserId: string, fields: Record<string, unknown> = {}): Event {
  const now = Date.now();
  return {
    id: crypto.randomUUID().toUpperCase(),
    type,
    app_id: "app1234",
    app_user_id: appUserId,
    original_app_user_id: `$RCAnonymousID:${crypto.randomUUID().replace(/-/g, "")}`,
    aliases: [appUserId],
    product_id: PACK,
    transaction_id: crypto.randomUUID(),
    original_transaction_id: crypto.randomUUID(),
    event_timestamp_ms: now,
    purchased_at_ms: now - 1000,
    expiration_at_ms: null,
    price: 24.99,
    price_in_purchased_currency: 22.99,
    currency: "EUR",
    store: "APP_STORE",
    environment: "SANDBOX",
    ...fields,
  };
}

const deliver = async (event: Event, opts: { auth?: string | null; via?: (req: Request) => Response | Promise<Response> } = {}) => {
  const headers: Record<string, string> = {};
  if (opts.auth !== null) headers.authorization = opts.auth ?? AUTH;
  const body = { api_version: "1.0", event };
  if (!opts.via) return call(PATH, { body, headers });
  return opts.via(new Request(`http://api.test${PATH}`, { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: JSON.stringify(body) }));
};

async function outcomeOf(event: Event) {
  const res = await deliver(event);
  expect(res.status).toBe(200);
  return (await json<ResponseBody<"/v1/webhooks/revenuecat", "post", 200>>(res)).outcome;
}

const balanceOf = async (user: TestUser) => json<ResponseBody<"/v1/billing/balance", "get", 200>>(await call("/v1/billing/balance", { token: user.accessToken }));
const webhookRows = (eventId: string) =>
  db
    .select()
    .from(webhookEvents)
    .where(and(eq(webhookEvents.provider, "revenuecat"), eq(webhookEvents.eventId, eventId)));
const purchaseRows = (txn: string) => db.select().from(purchases).where(eq(purchases.revenuecatTransactionId, txn));

/** A subscription period: INITIAL_PURCHASE at `at`, expiring `days` later. */
const subscription = (type: string, user: TestUser, at: number, expiresAt: number, fields: Record<string, unknown> = {}) =>
  rcEvent(type, user.id, { product_id: MONTHLY, event_timestamp_ms: at, purchased_at_ms: at, expiration_at_ms: expiresAt, price: 19.99, ...fields });

describe("RevenueCat webhook authentication and input", () => {
  it.each([
    ["missing", null],
    ["wrong", "test-revenuecat-webhook-auth-valuX"],
    ["bearer-prefixed", `Bearer ${AUTH}`],
  ])("rejects a %s Authorization header with 401 and records nothing", async (_, auth) => {
    const user = await registerUser();
    const event = rcEvent("NON_RENEWING_PURCHASE", user.id);
    const res = await deliver(event, { auth });
    expect(res.status).toBe(401);
    expect((await json<Problem>(res)).code).toBe("invalid_token");
    expect(await webhookRows(event.id)).toHaveLength(0);
    expect(await purchaseRows(String(event.transaction_id))).toHaveLength(0);
    expect((await balanceOf(user)).balance).toBe(1);
  });

  it("answers 404 when RevenueCat is not configured", async () => {
    const ctx = createExecutionContext();
    const res = await deliver(rcEvent("TEST", crypto.randomUUID()), { via: (req) => worker.fetch(req, { ...env, REVENUECAT_WEBHOOK_AUTH: undefined }, ctx) });
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(404);
    expect((await json<Problem>(res)).code).toBe("not_found");
  });

  it("answers 400 malformed_json for a body that is not JSON, and validation_failed for a wrong shape", async () => {
    const bad = await call(PATH, { rawBody: '{"event": {', headers: { authorization: AUTH, "content-type": "application/json" } });
    expect(bad.status).toBe(400);
    expect((await json<Problem>(bad)).code).toBe("malformed_json");
    const wrong = await call(PATH, { body: { api_version: "1.0", event: { id: "x", type: "RENEWAL", event_timestamp_ms: "yesterday" } }, headers: { authorization: AUTH } });
    expect(wrong.status).toBe(400);
    const problem = await json<Problem>(wrong);
    expect(problem.code).toBe("validation_failed");
    expect(problem.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: "event.event_timestamp_ms" })]));
  });

  it("answers TEST events with 200 test", async () => {
    expect(await outcomeOf(rcEvent("TEST", "$RCAnonymousID:dashboard"))).toBe("test");
  });

  it("records events for an unknown app user id and answers 200 unknown_user (a retry cannot help)", async () => {
    const event = rcEvent("NON_RENEWING_PURCHASE", crypto.randomUUID(), { aliases: ["$RCAnonymousID:nobody"] });
    expect(await outcomeOf(event)).toBe("unknown_user");
    const [row] = await webhookRows(event.id);
    expect(row).toMatchObject({ userId: null, outcome: "unknown_user", eventType: "NON_RENEWING_PURCHASE" });
    expect(row!.processedAt).not.toBeNull();
    expect(await purchaseRows(String(event.transaction_id))).toHaveLength(0);
  });

  it("finds the user through an alias when app_user_id is anonymous", async () => {
    const user = await registerUser();
    const event = rcEvent("NON_RENEWING_PURCHASE", "$RCAnonymousID:abc", { aliases: ["$RCAnonymousID:abc", user.id.toUpperCase()] });
    expect(await outcomeOf(event)).toBe("granted");
    expect((await balanceOf(user)).balance).toBe(16);
  });

  it("is listed in /openapi.json", async () => {
    const doc = await json<OpenApiDocument>(await call("/openapi.json"));
    expect(doc.paths[PATH]!.post!.tags).toEqual(["Webhooks"]);
    expect(doc.paths[PATH]!.post!.requestBody!.content["application/json"]!.schema).toEqual({ $ref: "#/components/schemas/RevenueCatWebhook" });
    expect(doc.components.schemas.RevenueCatWebhook!.properties!.event!.required).toEqual(expect.arrayContaining(["id", "type", "event_timestamp_ms"]));
    expect(doc.components.securitySchemes.revenuecatAuth).toMatchObject({ type: "apiKey", in: "header", name: "Authorization" });
  });
});

describe("credit packs (NON_RENEWING_PURCHASE)", () => {
  async function assertGrantedOnce(user: TestUser, txn: string) {
    expect((await balanceOf(user)).balance).toBe(16);
    const rows = await purchaseRows(txn);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      userId: user.id,
      provider: "revenuecat",
      productId: "dating_credits_15",
      creditsPurchased: 15,
      amountCents: 2499,
      currency: "USD",
      purchaseStatus: "completed",
    });
    expect(rows[0]!.purchaseDate).toBeInstanceOf(Date);
    await userAccount(env, user.id).flush();
    const ledger = await db
      .select()
      .from(creditLedger)
      .where(eq(creditLedger.idempotencyKey, `rc:${txn}`));
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({ userId: user.id, delta: 15, reason: "purchase:dating_credits_15" });
  }

  it("grants once when the same event is delivered 5 times", async () => {
    const user = await registerUser();
    const event = rcEvent("NON_RENEWING_PURCHASE", user.id);
    const outcomes = [];
    for (let i = 0; i < 5; i++) outcomes.push(await outcomeOf(event));
    expect(outcomes).toEqual(["granted", "duplicate", "duplicate", "duplicate", "duplicate"]);
    await assertGrantedOnce(user, String(event.transaction_id));
    expect(await webhookRows(event.id)).toMatchObject([{ userId: user.id, outcome: "granted" }]);
  });

  it("grants once when the same event is delivered 5 times concurrently", async () => {
    const user = await registerUser();
    const event = rcEvent("NON_RENEWING_PURCHASE", user.id);
    const responses = await Promise.all(Array.from({ length: 5 }, () => deliver(event)));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    await assertGrantedOnce(user, String(event.transaction_id));
  });

  it("grants once when RevenueCat sends a second event (new id) for the same transaction", async () => {
    const user = await registerUser();
    const first = rcEvent("NON_RENEWING_PURCHASE", user.id);
    expect(await outcomeOf(first)).toBe("granted");
    expect(await outcomeOf({ ...first, id: crypto.randomUUID() })).toBe("granted");
    await assertGrantedOnce(user, String(first.transaction_id));
  });

  it("claws back a refunded pack once (CANCELLATION by CUSTOMER_SUPPORT)", async () => {
    const user = await registerUser();
    const purchase = rcEvent("NON_RENEWING_PURCHASE", user.id);
    await outcomeOf(purchase);
    const refund = rcEvent("CANCELLATION", user.id, { transaction_id: purchase.transaction_id, cancel_reason: "CUSTOMER_SUPPORT", price: -24.99 });
    expect(await outcomeOf(refund)).toBe("clawed_back");
    expect(await outcomeOf({ ...refund, id: crypto.randomUUID() })).toBe("clawed_back");
    expect((await balanceOf(user)).balance).toBe(1);
    expect((await purchaseRows(String(purchase.transaction_id)))[0]).toMatchObject({ purchaseStatus: "refunded", refundedCredits: 15 });
    await userAccount(env, user.id).flush();
    expect(
      await db
        .select()
        .from(creditLedger)
        .where(eq(creditLedger.idempotencyKey, `rc-refund:${purchase.transaction_id}`)),
    ).toMatchObject([{ delta: -15 }]);
  });

  it("answers 503 while the database is unreachable; the retry then grants exactly once", async () => {
    const user = await registerUser();
    const event = rcEvent("NON_RENEWING_PURCHASE", user.id);
    const ctx = createExecutionContext();
    const downEnv = { ...env, DATABASE_URL: "postgres://firstlook:firstlook@127.0.0.1:9/postgres" };
    const down = await deliver(event, { via: (req) => worker.fetch(req, downEnv, ctx) });
    await waitOnExecutionContext(ctx);
    expect(down.status).toBe(503);
    expect(await outcomeOf(event)).toBe("granted");
    await assertGrantedOnce(user, String(event.transaction_id));
  });
});

describe("unlimited subscriptions", () => {
  const permutations = <T>(xs: T[]): T[][] => (xs.length <= 1 ? [xs] : xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p])));

  it("INITIAL_PURCHASE, RENEWAL and a late EXPIRATION retry in any order end unlimited until the renewal's expiration", async () => {
    const t0 = Date.now() - 10 * DAY;
    for (const order of permutations([0, 1, 2])) {
      const user = await registerUser();
      const renewalExpiry = Date.now() + 30 * DAY;
      const events = [
        subscription("INITIAL_PURCHASE", user, t0, t0 + 10 * DAY + 60_000),
        // The first period ran out before the renewal was seen: its EXPIRATION is older.
        subscription("EXPIRATION", user, t0 + 10 * DAY + 61_000, t0 + 10 * DAY + 60_000),
        subscription("RENEWAL", user, t0 + 10 * DAY + 62_000, renewalExpiry),
      ];
      for (const i of order) await outcomeOf(events[i]!);
      // RevenueCat retries the EXPIRATION once more, late.
      expect(await outcomeOf(events[1]!)).toBe("duplicate");
      expect(await balanceOf(user), `order ${order}`).toMatchObject({
        tier: "unlimited",
        unlimitedUntil: new Date(renewalExpiry).toISOString(),
        productId: "dating_unlimited_monthly",
      });
    }
  });

  it("records a purchase row per INITIAL_PURCHASE and RENEWAL transaction", async () => {
    const user = await registerUser();
    const initial = subscription("INITIAL_PURCHASE", user, Date.now() - DAY, Date.now() + DAY);
    const renewal = subscription("RENEWAL", user, Date.now(), Date.now() + 31 * DAY);
    await outcomeOf(initial);
    await outcomeOf(renewal);
    for (const e of [initial, renewal]) {
      expect(await purchaseRows(String(e.transaction_id))).toMatchObject([
        { userId: user.id, provider: "revenuecat", productId: "dating_unlimited_monthly", creditsPurchased: null, purchaseStatus: "active", amountCents: 1999 },
      ]);
    }
  });

  it("an EXPIRATION newer than the renewal ends unlimited access", async () => {
    const user = await registerUser();
    const now = Date.now();
    await outcomeOf(subscription("INITIAL_PURCHASE", user, now - 2 * DAY, now + DAY));
    await outcomeOf(subscription("RENEWAL", user, now - DAY, now + 29 * DAY));
    expect(await outcomeOf(subscription("EXPIRATION", user, now, now))).toBe("expired");
    // The signup credit is left: not unlimited, not subscribed.
    expect(await balanceOf(user)).toMatchObject({ tier: "credits", balance: 1, unlimitedUntil: null, productId: null });
  });

  it("CANCELLATION keeps access until the paid period ends; UNCANCELLATION changes nothing visible", async () => {
    const user = await registerUser();
    const now = Date.now();
    const expiry = now + 20 * DAY;
    const initial = subscription("INITIAL_PURCHASE", user, now - DAY, expiry);
    await outcomeOf(initial);
    expect(await outcomeOf(subscription("CANCELLATION", user, now, expiry, { cancel_reason: "UNSUBSCRIBE", transaction_id: initial.transaction_id }))).toBe("auto_renew_off");
    expect(await balanceOf(user)).toMatchObject({ tier: "unlimited", unlimitedUntil: new Date(expiry).toISOString() });
    // UNCANCELLATION later restores auto-renew; access is unchanged.
    expect(await outcomeOf(subscription("UNCANCELLATION", user, now + 1000, expiry))).toBe("unlimited");
    expect(await balanceOf(user)).toMatchObject({ tier: "unlimited", unlimitedUntil: new Date(expiry).toISOString() });
  });

  it("CANCELLATION by CUSTOMER_SUPPORT (a refund) revokes access now", async () => {
    const user = await registerUser();
    const now = Date.now();
    const initial = subscription("INITIAL_PURCHASE", user, now - DAY, now + 29 * DAY);
    await outcomeOf(initial);
    expect((await balanceOf(user)).tier).toBe("unlimited");
    const refund = subscription("CANCELLATION", user, now, now + 29 * DAY, { cancel_reason: "CUSTOMER_SUPPORT", transaction_id: initial.transaction_id, price: -19.99 });
    expect(await outcomeOf(refund)).toBe("revoked");
    expect(await balanceOf(user)).toMatchObject({ tier: "credits", unlimitedUntil: null });
    expect((await purchaseRows(String(initial.transaction_id)))[0]!.purchaseStatus).toBe("refunded");
    // A late retry of the purchase does not bring access back.
    expect(await outcomeOf({ ...initial, id: crypto.randomUUID() })).toBe("unlimited");
    expect((await balanceOf(user)).tier).toBe("credits");
  });

  it("BILLING_ISSUE leaves access alone (grace period)", async () => {
    const user = await registerUser();
    const now = Date.now();
    await outcomeOf(subscription("INITIAL_PURCHASE", user, now - DAY, now + DAY));
    expect(await outcomeOf(subscription("BILLING_ISSUE", user, now, now + DAY))).toBe("billing_issue");
    expect((await balanceOf(user)).tier).toBe("unlimited");
  });

  it("TRANSFER moves the entitlement off the old user", async () => {
    const [oldOwner, newOwner] = [await registerUser(), await registerUser()];
    const now = Date.now();
    const expiry = now + 25 * DAY;
    await outcomeOf(subscription("INITIAL_PURCHASE", oldOwner, now - DAY, expiry));
    expect((await balanceOf(oldOwner)).tier).toBe("unlimited");
    // RevenueCat's TRANSFER carries no app_user_id, product or expiration; ids may be upper case.
    const transfer: Event = {
      id: crypto.randomUUID(),
      type: "TRANSFER",
      app_id: "app1234",
      event_timestamp_ms: now,
      store: "APP_STORE",
      environment: "PRODUCTION",
      transferred_from: [oldOwner.id.toUpperCase()],
      transferred_to: [newOwner.id.toUpperCase()],
    };
    expect(await outcomeOf(transfer)).toBe("transferred_without_expiration");
    expect(await balanceOf(oldOwner)).toMatchObject({ tier: "credits", unlimitedUntil: null });
    expect((await webhookRows(transfer.id))[0]!.userId).toBe(newOwner.id);
    // With an expiration, the new owner is entitled right away.
    const withExpiry = { ...transfer, id: crypto.randomUUID(), event_timestamp_ms: now + 1, product_id: MONTHLY, expiration_at_ms: expiry };
    expect(await outcomeOf(withExpiry)).toBe("transferred");
    expect(await balanceOf(newOwner)).toMatchObject({ tier: "unlimited", unlimitedUntil: new Date(expiry).toISOString(), productId: "dating_unlimited_monthly" });
  });

  it("ignores event types it does not act on", async () => {
    const user = await registerUser();
    expect(await outcomeOf(subscription("SUBSCRIPTION_PAUSED", user, Date.now(), Date.now() + DAY))).toBe("ignored");
  });
});
