// The UserAccount Durable Object: spend, grant, refund, reservations, alarms, rebuilds.
import { afterAll, describe, expect, it } from "vitest";
import { env, runInDurableObject } from "cloudflare:test";
import { and, eq, like } from "drizzle-orm";
import { creditLedger } from "../worker/db/schema";
import { userAccount } from "../worker/billing/account";
import { reserveSpend } from "../worker/billing/spend";
import { ApiError } from "../worker/errors";
import { call, json, registerUser, testDatabase, type ResponseBody, type Problem } from "./helpers";

const { db, close } = testDatabase();
afterAll(() => close());

async function userWith(credits: number) {
  const user = await registerUser();
  const account = userAccount(env, user.id);
  if (credits > 1) await account.grant(user.id, credits - 1, "test_grant", `test:${user.id}:topup`);
  return { user, account };
}

const ledgerRows = (userId: string) => db.select().from(creditLedger).where(eq(creditLedger.userId, userId)).orderBy(creditLedger.id);

describe("reserving credits", () => {
  it("200 simultaneous reservations against 7 credits: exactly 7 succeed, Postgres holds exactly 7 debits", async () => {
    const { user, account } = await userWith(7);
    const results = await Promise.allSettled(Array.from({ length: 200 }, (_, i) => reserveSpend({ env }, { userId: user.id, amount: 1, key: `job-${i}`, ttlSeconds: 60 })));
    const ok = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(ok).toHaveLength(7);
    expect(refused).toHaveLength(193);
    for (const r of refused) {
      expect(r.reason).toBeInstanceOf(ApiError);
      expect((r.reason as ApiError).status).toBe(402);
      expect((r.reason as ApiError).code).toBe("insufficient_credits");
    }
    await account.flush();
    const debits = await db
      .select()
      .from(creditLedger)
      .where(and(eq(creditLedger.userId, user.id), eq(creditLedger.reason, "reserve")));
    expect(debits).toHaveLength(7);
    expect(debits.every((d) => d.delta === -1)).toBe(true);
    expect((await account.balance(user.id)).balance).toBe(0);
    expect((await json<ResponseBody<"/v1/billing/balance", "get", 200>>(await call("/v1/billing/balance", { token: user.accessToken }))).balance).toBe(0);
  });

  it("the same key returns the first reservation; a refusal is not kept, so the key works once credits are bought", async () => {
    const { user, account } = await userWith(2);
    const a = await account.reserve(user.id, 2, "same-key");
    const b = await account.reserve(user.id, 2, "same-key");
    expect(a.ok && b.ok && a.reservation.id === b.reservation.id).toBe(true);
    expect((await account.balance(user.id)).balance).toBe(0);
    const refused = await account.reserve(user.id, 1, "too-much");
    expect(refused).toMatchObject({ ok: false, code: "insufficient_credits", available: 0, needed: 1 });
    await account.grant(user.id, 5, "test_grant", `test:${user.id}:later`);
    const granted = await account.reserve(user.id, 1, "too-much");
    const replayed = await account.reserve(user.id, 1, "too-much");
    expect(granted.ok && replayed.ok && granted.reservation.id === replayed.reservation.id).toBe(true);
    expect((await account.balance(user.id)).balance).toBe(4);
  });

  it("commit is final; release refunds once; the two cannot be mixed", async () => {
    const { user, account } = await userWith(3);
    const r = await account.reserve(user.id, 2, "job");
    if (!r.ok) throw new Error("reserve failed");
    expect(r.account).toMatchObject({ balance: 1, held: 2 });
    const released = await account.release(user.id, r.reservation.id);
    expect(released.ok && released.account.balance).toBe(3);
    expect(released.ok && released.account.held).toBe(0);
    const again = await account.release(user.id, r.reservation.id);
    expect(again.ok && again.account.balance).toBe(3);
    expect(await account.commit(user.id, r.reservation.id)).toEqual({ ok: false, code: "reservation_already_released" });

    const r2 = await account.reserve(user.id, 1, "job-2");
    if (!r2.ok) throw new Error("reserve failed");
    expect((await account.commit(user.id, r2.reservation.id)).ok).toBe(true);
    expect((await account.commit(user.id, r2.reservation.id)).ok).toBe(true);
    expect(await account.release(user.id, r2.reservation.id)).toEqual({ ok: false, code: "reservation_already_committed" });
    expect(await account.balance(user.id)).toMatchObject({ balance: 2, held: 0 });
    expect(await account.commit(user.id, crypto.randomUUID())).toEqual({ ok: false, code: "reservation_not_found" });

    await account.flush();
    const sum = (await ledgerRows(user.id)).reduce((s, e) => s + e.delta, 0);
    expect(sum).toBe(2);
  });

  it("a reservation neither committed nor released is released by the alarm", async () => {
    const { user, account } = await userWith(2);
    // The job "crashes": nobody commits or releases. The object's own alarm must step in.
    const r = await account.reserve(user.id, 2, "crashed-job", 300);
    expect(r.ok).toBe(true);
    expect(await account.balance(user.id)).toMatchObject({ balance: 0, held: 2 });
    await expect.poll(async () => (await account.balance(user.id)).balance, { timeout: 5_000, interval: 100 }).toBe(2);
    expect((await account.balance(user.id)).held).toBe(0);
    expect(await account.commit(user.id, r.ok ? r.reservation.id : "")).toEqual({ ok: false, code: "reservation_already_released" });
    await account.flush();
    expect((await ledgerRows(user.id)).map((e) => e.reason)).toEqual(["signup_bonus", "test_grant", "reserve", "release"]);
  });

  it("forgets op keys and settled reservations after the retention period, never a held one", async () => {
    const { user, account } = await userWith(5);
    const settled = await account.reserve(user.id, 1, "old-job");
    const held = await account.reserve(user.id, 1, "old-held-job", 365 * 86_400_000);
    if (!settled.ok || !held.ok) throw new Error("reserve failed");
    await account.commit(user.id, settled.reservation.id);
    const { OP_RETENTION_MS } = await import("../durable-objects/user-account");
    const old = Date.now() - OP_RETENTION_MS - 60_000;
    await runInDurableObject(account, (instance, state) => {
      state.storage.sql.exec("update ops set created_at = ?", old);
      state.storage.sql.exec("update reservations set created_at = ?", old);
      (instance as unknown as { prunedAt: number }).prunedAt = 0; // the hourly prune is due
    });
    await account.grant(user.id, 1, "test_grant", `test:${user.id}:after`);
    const left = await runInDurableObject(account, (_instance, state) => ({
      ops: state.storage.sql
        .exec("select key from ops")
        .toArray()
        .map((r) => r.key),
      reservations: state.storage.sql.exec("select id, state from reservations").toArray(),
    }));
    expect(left.ops).toEqual([`test:${user.id}:after`]);
    expect(left.reservations).toEqual([{ id: held.reservation.id, state: "held" }]);
    expect((await account.balance(user.id)).held).toBe(1);
  });

  it("unlimited subscribers reserve without spending", async () => {
    const { user, account } = await userWith(1);
    await account.setEntitlement(user.id, { at: Date.now(), unlimitedUntil: Date.now() + 86_400_000, productId: "headshots_unlimited_monthly" });
    const r = await account.reserve(user.id, 4, "big-job");
    expect(r.ok && r.reservation.unlimited).toBe(true);
    expect(await account.balance(user.id)).toMatchObject({ balance: 1, held: 0, tier: "unlimited" });
  });
});

describe("grants and refunds", () => {
  it("grants once per key, also under concurrency", async () => {
    const { user, account } = await userWith(1);
    const results = await Promise.all(Array.from({ length: 10 }, () => account.grant(user.id, 5, "purchase", `test:${user.id}:purchase-1`)));
    expect(results.filter((r) => r.applied)).toHaveLength(1);
    expect((await account.balance(user.id)).balance).toBe(6);
    await account.flush();
    expect((await ledgerRows(user.id)).filter((e) => e.reason === "purchase")).toHaveLength(1);
  });

  it("a clawback never takes the balance below zero: the rest is a debt the next grant pays", async () => {
    const { user, account } = await userWith(1);
    const clawed = await account.clawback(user.id, 3, "refund", `test:${user.id}:refund`);
    expect(clawed.account).toMatchObject({ balance: 0, debt: 2 });
    const after = await account.grant(user.id, 5, "purchase", `test:${user.id}:after-refund`);
    expect(after.account).toMatchObject({ balance: 3, debt: 0 });
  });
});

describe("Postgres is the system of record", () => {
  it("a lost account object rebuilds its balance from the ledger", async () => {
    const { user, account } = await userWith(4);
    const r = await account.reserve(user.id, 1, "job");
    expect(r.ok).toBe(true);
    await account.flush();
    await account.erase(); // the object's storage is gone
    expect((await account.balance(user.id)).balance).toBe(3);
  });

  it("the admin reconcile endpoint repairs a drifted balance from the ledger", async () => {
    const { user, account } = await userWith(5);
    await account.flush();
    await runInDurableObject(account, (_instance, state) => {
      state.storage.sql.exec("update account set balance = 42");
    });
    expect((await account.balance(user.id)).balance).toBe(42);
    const res = await call("/v1/admin/credits/reconcile", { headers: { authorization: "Bearer test-admin-token-0123456789abcdef" }, body: { userId: user.id } });
    expect(res.status).toBe(200);
    expect((await json<ResponseBody<"/v1/admin/credits/reconcile", "post", 200>>(res)).results).toEqual([{ userId: user.id, before: 42, ledger: 5, repaired: true }]);
    expect((await account.balance(user.id)).balance).toBe(5);
    const clean = await json<ResponseBody<"/v1/admin/credits/reconcile", "post", 200>>(
      await call("/v1/admin/credits/reconcile", { headers: { authorization: "Bearer test-admin-token-0123456789abcdef" }, body: { userId: user.id } }),
    );
    expect(clean.results[0]!.repaired).toBe(false);
  });

  it("the reconcile endpoint needs the admin token", async () => {
    const user = await registerUser();
    expect((await call("/v1/admin/credits/reconcile", { token: user.accessToken, body: {} })).status).toBe(401);
    expect((await call("/v1/admin/credits/reconcile", { body: {} })).status).toBe(401);
  });

  it("ledger keys of different users never collide", async () => {
    const a = await userWith(2);
    const b = await userWith(2);
    await a.account.reserve(a.user.id, 1, "shared-client-key");
    await b.account.reserve(b.user.id, 1, "shared-client-key");
    await a.account.flush();
    await b.account.flush();
    const rows = await db.select().from(creditLedger).where(like(creditLedger.idempotencyKey, "reserve:%:shared-client-key"));
    expect(rows.filter((r) => r.userId === a.user.id || r.userId === b.user.id)).toHaveLength(2);
  });
});

describe("billing endpoints", () => {
  it("lists the catalogue for both products", async () => {
    const body = await json<ResponseBody<"/v1/billing/products", "get", 200>>(await call("/v1/billing/products"));
    expect(body.products.filter((p: { productLine: string }) => p.productLine === "dating").length).toBeGreaterThanOrEqual(5);
    expect(body.products.map((p: { credits?: number }) => p.credits).filter(Boolean)).toEqual(expect.arrayContaining([5, 15, 40]));
    const headshots = await json<ResponseBody<"/v1/billing/products", "get", 200>>(await call("/v1/billing/products?productLine=headshots"));
    expect(headshots.products.every((p: { productLine: string }) => p.productLine === "headshots")).toBe(true);
  });
});

describe("development credit routes", () => {
  it("spend refuses a body that is not JSON, or not the empty object, and takes nothing then", async () => {
    const user = await registerUser();
    const spend = (headers: Record<string, string>, rawBody: string) => call("/dev/credits/spend", { method: "POST", token: user.accessToken, headers, rawBody });
    const malformed = await spend({ "content-type": "application/json" }, "{not json");
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get("content-type")).toContain("application/problem+json");
    expect((await json<Problem>(malformed)).code).toBe("malformed_json");
    const form = await spend({ "content-type": "application/x-www-form-urlencoded" }, "amount=1");
    expect(form.status).toBe(415);
    expect((await json<Problem>(form)).code).toBe("unsupported_media_type");
    const unknown = await spend({ "content-type": "application/json" }, JSON.stringify({ amount: 5 }));
    expect(unknown.status).toBe(400);
    expect((await json<Problem>(unknown)).code).toBe("validation_failed");
    expect(await json<ResponseBody<"/v1/billing/balance", "get", 200>>(await call("/v1/billing/balance", { token: user.accessToken }))).toMatchObject({ balance: 1 });
    expect(await json(await spend({ "content-type": "application/json" }, "{}"))).toEqual({ balance: 0 });
  });
  it("grant and spend work in development/test, and are absent in production", async () => {
    const user = await registerUser();
    expect(await json<ResponseBody<"/dev/credits/grant", "post", 200>>(await call("/dev/credits/grant", { token: user.accessToken, body: { amount: 3 } }))).toEqual({ balance: 4 });
    expect(await json<ResponseBody<"/dev/credits/spend", "post", 200>>(await call("/dev/credits/spend", { method: "POST", token: user.accessToken }))).toEqual({ balance: 3 });
    const { createExecutionContext, waitOnExecutionContext } = await import("cloudflare:test");
    const worker = (await import("../worker/index")).default;
    const ctx = createExecutionContext();
    const res = await worker.fetch(
      new Request("http://api.test/dev/credits/grant", {
        method: "POST",
        headers: { authorization: `Bearer ${user.accessToken}`, "content-type": "application/json" },
        body: JSON.stringify({ amount: 5 }),
      }),
      { ...env, ENVIRONMENT: "production", LOCAL_PG_PROXY: undefined, PUBLIC_API_URL: "https://api.firstlook.test", APP_URL: "https://app.firstlook.test" },
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(404);
  });
});
