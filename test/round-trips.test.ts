// Edge-first hot paths: what each route costs in database connections and statements (counted by
// the local WebSocket proxy per request id: scripts/lib/ws-proxy.ts), that the copies served
// without Postgres are never staler than the write that changed them (read right after, from
// another session too), and that they rebuild from Postgres when their object is empty.
import { afterAll, describe, expect, it } from "vitest";
import { env } from "cloudflare:test";
import Stripe from "stripe";
import { eq } from "drizzle-orm";
import { creditLedger, users } from "../worker/db/schema";
import { loadConfig } from "../worker/env";
import { userAccount } from "../worker/billing/account";
import { generationRoom } from "../worker/headshots/room";
import { issueEmailToken } from "../worker/accounts/tokens";
import { call, callCounted, dbCostOf, json, registerUser, testDatabase, type TestUser, type ResponseBody } from "./helpers";
import { fixture } from "./fixtures/photos/fixtures";

const { db, close } = testDatabase();
afterAll(() => close());

const none = { connections: 0, queries: 0 };
const accountTag = (user: TestUser) => `UserAccount:${user.id}`;
const me = async (token: string) => json<ResponseBody<"/v1/me", "get", 200>>(await call("/v1/me", { token }));

async function signInAgain(user: TestUser): Promise<string> {
  const res = await call("/v1/auth/login", { body: { email: user.email, password: user.password } });
  expect(res.status).toBe(200);
  return (await json<ResponseBody<"/v1/auth/login", "post", 200>>(res)).accessToken;
}

async function startGeneration(user: TestUser): Promise<string> {
  const upload = await call("/v1/photos?purpose=selfie", { rawBody: fixture("astronaut.jpg"), headers: { "content-type": "image/jpeg" }, token: user.accessToken });
  expect(upload.status).toBe(201);
  const res = await call("/v1/headshots/generations", {
    token: user.accessToken,
    body: { photoId: (await json<ResponseBody<"/v1/photos", "post", 201>>(upload)).id, styleId: "corporate-classic", count: 1 },
  });
  expect(res.status).toBe(202);
  return (await json<ResponseBody<"/v1/headshots/generations", "post", 202>>(res)).id;
}

describe("round trips per route (counted by the proxy)", () => {
  it("GET /v1/me and /v1/billing/balance touch no database once the account object is warm", async () => {
    const user = await registerUser();
    await call("/v1/me", { token: user.accessToken });
    const objectBefore = await dbCostOf(accountTag(user));
    for (const path of ["/v1/me", "/v1/billing/balance"]) {
      const { res, cost } = await callCounted(path, { token: user.accessToken });
      expect(res.status).toBe(200);
      expect(cost).toMatchObject(none);
    }
    // Nor did the account object go to Postgres on their behalf: no new connection or statement.
    // (Message counts are not compared: the Terminate of its earlier connection, closed in the
    // background, may still be on its way when `objectBefore` is read.)
    const objectAfter = await dbCostOf(accountTag(user));
    expect({ connections: objectAfter.connections, queries: objectAfter.queries }).toEqual({ connections: objectBefore.connections, queries: objectBefore.queries });
  });

  it("GET /v1/headshots/styles reads the catalogue once, then never again", async () => {
    await call("/v1/headshots/styles");
    const { res, cost } = await callCounted("/v1/headshots/styles");
    expect(res.status).toBe(200);
    expect((await json<ResponseBody<"/v1/headshots/styles", "get", 200>>(res)).styles.length).toBeGreaterThanOrEqual(8);
    expect(cost).toMatchObject(none);
  });

  it("GET /v1/headshots/generations/{id} is answered by the generation's room", async () => {
    const user = await registerUser();
    const id = await startGeneration(user);
    const { res, cost } = await callCounted(`/v1/headshots/generations/${id}`, { token: user.accessToken });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ id, styleId: "corporate-classic", requestedCount: 1 });
    expect(cost).toMatchObject(none);
    // Another user's generation is still not found (the room checks the owner).
    const other = await registerUser();
    const { res: foreign, cost: foreignCost } = await callCounted(`/v1/headshots/generations/${id}`, { token: other.accessToken });
    expect(foreign.status).toBe(404);
    expect(foreignCost).toMatchObject(none);
  });

  it("lists are one statement in one round trip (the HTTP path: no connection); a profile write one statement; login reads the user once", async () => {
    const user = await registerUser();
    for (const path of ["/v1/photos", "/v1/headshots/generations", "/v1/billing/purchases"]) {
      const list = await callCounted(path, { token: user.accessToken });
      expect(list.res.status).toBe(200);
      expect(list.cost).toMatchObject({ connections: 0, queries: 1, roundTrips: 1 });
    }

    const patch = await callCounted("/v1/me", { method: "PATCH", token: user.accessToken, body: { jobTitle: "Engineer" } });
    expect(patch.res.status).toBe(200);
    expect(patch.cost).toMatchObject({ connections: 1, queries: 1 });

    // The user row, then the session, refresh token and audit entries in one statement.
    const login = await callCounted("/v1/auth/login", { body: { email: user.email, password: user.password } });
    expect(login.res.status).toBe(200);
    expect(login.cost).toMatchObject({ connections: 1, queries: 2 });
  });
});

describe("writes batched", () => {
  it("the account object's outbox reaches Postgres in one statement (ledger entries and entitlement mirror)", async () => {
    const user = await registerUser();
    await me(user.accessToken);
    const account = userAccount(env, user.id);
    await account.flush();
    const before = await dbCostOf(accountTag(user));
    await account.grant(user.id, 3, "test_grant", `test:${user.id}:batched`);
    await account.grant(user.id, 2, "test_grant", `test:${user.id}:batched-2`);
    await account.flush();
    const after = await dbCostOf(accountTag(user));
    expect(after.connections - before.connections).toBe(1);
    expect(after.queries - before.queries).toBe(1);
    const ledger = await db.select().from(creditLedger).where(eq(creditLedger.userId, user.id));
    expect(ledger.reduce((sum, e) => sum + e.delta, 0)).toBe(6);
    const [row] = await db.select({ tier: users.subscriptionTier }).from(users).where(eq(users.id, user.id));
    expect(row!.tier).toBe("credits");
  });
});

describe("freshness: a copy is never older than the write that changed it", () => {
  it("PATCH /v1/me shows at once, in this session and in another one", async () => {
    const user = await registerUser();
    const other = await signInAgain(user);
    expect((await me(other)).name).toBeNull();
    const res = await call("/v1/me", { method: "PATCH", token: user.accessToken, body: { name: "Ada Lovelace", dateOfBirth: "1990-12-10", industry: "Mathematics" } });
    expect(res.status).toBe(200);
    expect(await json<ResponseBody<"/v1/me", "patch", 200>>(res)).toMatchObject({ name: "Ada Lovelace", dateOfBirth: "1990-12-10" });
    for (const token of [user.accessToken, other]) expect(await me(token)).toMatchObject({ name: "Ada Lovelace", dateOfBirth: "1990-12-10", industry: "Mathematics" });
    // The age gate reads the same copy.
    expect((await call("/v1/dating/metrics", { token: other })).status).not.toBe(403);
  });

  it("verifying the email shows at once", async () => {
    const user = await registerUser();
    expect((await me(user.accessToken)).emailVerified).toBe(false);
    const issued = await issueEmailToken(db, loadConfig(env), { userId: user.id, purpose: "verify_email" });
    expect((await call("/v1/auth/verify-email", { body: { token: issued.token } })).status).toBe(200);
    expect((await me(await signInAgain(user))).emailVerified).toBe(true);
  });

  it("an email change shows at once", async () => {
    const user = await registerUser();
    const newEmail = `changed.${crypto.randomUUID().slice(0, 8)}@example.com`;
    const issued = await issueEmailToken(db, loadConfig(env), { userId: user.id, purpose: "verify_email", newEmail });
    expect((await call("/v1/auth/verify-email", { body: { token: issued.token } })).status).toBe(200);
    expect(await me(user.accessToken)).toMatchObject({ email: newEmail, emailVerified: true });
  });

  it("credits from a dev grant, a Stripe webhook and a RevenueCat webhook show at once", async () => {
    const user = await registerUser();
    const other = await signInAgain(user);
    expect((await me(other)).credits).toBe(1);

    expect((await call("/dev/credits/grant", { token: user.accessToken, body: { amount: 4 } })).status).toBe(200);
    expect((await me(other)).credits).toBe(5);

    const stripe = new Stripe("sk_test_firstlook_standin", { httpClient: Stripe.createFetchHttpClient() });
    const event = {
      id: `evt_${crypto.randomUUID().replace(/-/g, "")}`,
      object: "event",
      type: "checkout.session.completed",
      api_version: "2025-01-27",
      created: Math.floor(Date.now() / 1000),
      data: {
        object: {
          id: `cs_test_${crypto.randomUUID().replace(/-/g, "")}`,
          object: "checkout.session",
          payment_status: "paid",
          payment_intent: `pi_${crypto.randomUUID().replace(/-/g, "")}`,
          amount_total: 999,
          currency: "usd",
          client_reference_id: user.id,
          metadata: { userId: user.id, productId: "dating_credits_5", credits: "5" },
        },
      },
    };
    const payload = JSON.stringify(event);
    const signature = await stripe.webhooks.generateTestHeaderStringAsync({ payload, secret: "whsec_test_firstlook_standin" });
    expect((await call("/v1/webhooks/stripe", { rawBody: payload, headers: { "stripe-signature": signature, "content-type": "application/json" } })).status).toBe(200);
    expect((await me(other)).credits).toBe(10);

    const now = Date.now();
    const subscription = {
      id: crypto.randomUUID().toUpperCase(),
      type: "INITIAL_PURCHASE",
      app_id: "app1234",
      app_user_id: user.id,
      original_app_user_id: user.id,
      aliases: [user.id],
      product_id: "firstlook.dating.unlimited.monthly",
      transaction_id: crypto.randomUUID(),
      original_transaction_id: crypto.randomUUID(),
      event_timestamp_ms: now,
      purchased_at_ms: now,
      expiration_at_ms: now + 30 * 86_400_000,
      price: 19.99,
      currency: "USD",
      store: "APP_STORE",
      environment: "SANDBOX",
    };
    const rc = await call("/v1/webhooks/revenuecat", { body: { api_version: "1.0", event: subscription }, headers: { authorization: "test-revenuecat-webhook-auth-value" } });
    expect(rc.status).toBe(200);
    expect(await me(other)).toMatchObject({ subscriptionTier: "unlimited", subscriptionExpiresAt: new Date(subscription.expiration_at_ms).toISOString() });
  });

  it("an erased account is gone from its copies", async () => {
    const user = await registerUser();
    const id = await startGeneration(user);
    expect((await me(user.accessToken)).id).toBe(user.id);
    expect((await call("/v1/me", { method: "DELETE", token: user.accessToken, body: { password: user.password } })).status).toBe(204);
    expect((await call("/v1/me", { token: user.accessToken })).status).toBe(404);
    expect((await call(`/v1/headshots/generations/${id}`, { token: user.accessToken })).status).toBe(404);
  });

  it("while a write is open, reads go to Postgres (a write whose end never arrives cannot leave a stale copy)", async () => {
    const user = await registerUser();
    await me(user.accessToken);
    // A Worker that began a write, committed it, and died before telling the object.
    await userAccount(env, user.id).beginProfileWrite();
    await db.update(users).set({ jobTitle: "Astronaut" }).where(eq(users.id, user.id));
    const before = await dbCostOf(accountTag(user));
    expect((await me(user.accessToken)).jobTitle).toBe("Astronaut");
    expect((await dbCostOf(accountTag(user))).queries).toBe(before.queries + 1);
  });

  it("overlapping writes drop the copy; the next read reloads the last committed row", async () => {
    const user = await registerUser();
    await me(user.accessToken);
    const account = userAccount(env, user.id);
    const first = await account.beginProfileWrite();
    const second = await account.beginProfileWrite();
    await db.update(users).set({ industry: "second" }).where(eq(users.id, user.id));
    const [row] = await db.update(users).set({ industry: "first, committed last" }).where(eq(users.id, user.id)).returning();
    // The second write reports its (older) row first, then the first one ends.
    const { profileRecord } = await import("../worker/accounts/profile-record");
    await account.endProfileWrite(second, profileRecord({ ...row!, industry: "second" }));
    await account.endProfileWrite(first, profileRecord(row!));
    expect((await me(user.accessToken)).industry).toBe("first, committed last");
  });
});

describe("rebuilt from Postgres when the object is empty", () => {
  it("an account object that lost its storage rebuilds the profile and balance in one query, once", async () => {
    const user = await registerUser();
    await call("/v1/me", { method: "PATCH", token: user.accessToken, body: { name: "Grace Hopper" } });
    await call("/dev/credits/grant", { token: user.accessToken, body: { amount: 2 } });
    await userAccount(env, user.id).flush();
    await userAccount(env, user.id).erase();

    const before = await dbCostOf(accountTag(user));
    const { res, cost } = await callCounted("/v1/me", { token: user.accessToken });
    expect(await json(res)).toMatchObject({ name: "Grace Hopper", credits: 3 });
    expect(cost).toMatchObject(none);
    const rebuilt = await dbCostOf(accountTag(user));
    expect(rebuilt.connections - before.connections).toBe(1);
    expect(rebuilt.queries - before.queries).toBe(1);

    await call("/v1/me", { token: user.accessToken });
    expect(await dbCostOf(accountTag(user))).toEqual(rebuilt);
  });

  it("a generation room that lost its state is seeded from Postgres once", async () => {
    const user = await registerUser();
    const id = await startGeneration(user);
    await generationRoom(env, id).erase();
    const first = await callCounted(`/v1/headshots/generations/${id}`, { token: user.accessToken });
    expect(first.res.status).toBe(200);
    expect(first.cost).toMatchObject({ connections: 1, queries: 1 });
    const second = await callCounted(`/v1/headshots/generations/${id}`, { token: user.accessToken });
    expect(await json(second.res)).toMatchObject({ id, styleId: "corporate-classic" });
    expect(second.cost).toMatchObject(none);
  });
});
