// billing/spend.ts, the one way paid work is paid for, through the real UserAccount object and
// the Postgres ledger: commit on success, release and rethrow on failure, one charge per key.
import { afterAll, describe, expect, it } from "vitest";
import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { creditLedger } from "../worker/db/schema";
import { userAccount } from "../worker/billing/account";
import { commitSpend, MAX_PAID_ATTEMPTS, releaseSpend, reserveSpend, spend, type SpendRequest } from "../worker/billing/spend";
import type { Reservation } from "../durable-objects/user-account";
import { ApiError } from "../worker/errors";
import { createLogger, type Logger } from "../worker/log";
import { registerUser, testDatabase } from "./helpers";

const { db, close } = testDatabase();
afterAll(() => close());

/** A logger that keeps what it was told, to see what the helper reports. */
function recordingLogger(): Logger & { lines: { level: string; msg: string }[] } {
  const lines: { level: string; msg: string }[] = [];
  const base = createLogger({ test: "spend" });
  const log = {
    lines,
    info: (msg: string) => void lines.push({ level: "info", msg }),
    warn: (msg: string) => void lines.push({ level: "warn", msg }),
    error: (msg: string) => void lines.push({ level: "error", msg }),
    child: () => base,
  };
  return log;
}

/** A user with `credits` credits (the signup bonus is one). */
async function userWith(credits: number) {
  const user = await registerUser();
  const account = userAccount(env, user.id);
  if (credits > 1) await account.grant(user.id, credits - 1, "test_grant", `test:${user.id}:topup`);
  return { userId: user.id, account };
}

const request = (userId: string, amount: number, key = `spend-test:${crypto.randomUUID()}`): SpendRequest => ({ userId, amount, key, ttlSeconds: 60 });

async function ledgerOf(userId: string) {
  await userAccount(env, userId).flush();
  const rows = await db.select().from(creditLedger).where(eq(creditLedger.userId, userId)).orderBy(creditLedger.id);
  return { reasons: rows.map((r) => r.reason), sum: rows.reduce((s, r) => s + r.delta, 0) };
}

describe("spend", () => {
  it("reserves, runs the work with the reservation, commits, and returns the work's result", async () => {
    const { userId, account } = await userWith(3);
    const log = recordingLogger();
    let seen: Reservation | undefined;
    let balanceDuringWork: unknown;
    const result = await spend({ env, log }, request(userId, 2), async (reservation) => {
      seen = reservation;
      balanceDuringWork = await account.balance(userId);
      return "delivered";
    });
    expect(result).toBe("delivered");
    expect(seen).toMatchObject({ amount: 2, state: "held" });
    // While the work runs the credits are held: out of the balance, not yet final.
    expect(balanceDuringWork).toMatchObject({ balance: 1, held: 2 });
    expect(await account.balance(userId)).toMatchObject({ balance: 1, held: 0 });
    // Committed: it can no longer be released.
    expect(await releaseSpend({ env }, userId, seen!.id)).toEqual({ ok: false, code: "reservation_already_committed" });
    expect(await ledgerOf(userId)).toEqual({ reasons: ["signup_bonus", "test_grant", "reserve"], sum: 1 });
    expect(log.lines).toEqual([]);
  });

  it("work that throws: the reservation is released and the work's own error rethrown", async () => {
    const { userId, account } = await userWith(2);
    const failure = new Error("the renderer fell over");
    let reservationId = "";
    await expect(
      spend({ env, log: recordingLogger() }, request(userId, 2), async (reservation) => {
        reservationId = reservation.id;
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await account.balance(userId)).toMatchObject({ balance: 2, held: 0 });
    expect(await commitSpend({ env }, userId, reservationId)).toEqual({ ok: false, code: "reservation_already_released" });
    expect(await ledgerOf(userId)).toEqual({ reasons: ["signup_bonus", "test_grant", "reserve", "release"], sum: 2 });
  });

  it("not enough credits: 402 insufficient_credits, and the work never runs", async () => {
    const { userId, account } = await userWith(1);
    let ran = false;
    const refused = spend({ env, log: recordingLogger() }, request(userId, 3), async () => {
      ran = true;
    });
    await expect(refused).rejects.toBeInstanceOf(ApiError);
    await expect(refused).rejects.toMatchObject({ code: "insufficient_credits", status: 402 });
    expect(ran).toBe(false);
    expect(await account.balance(userId)).toMatchObject({ balance: 1, held: 0 });
  });

  it("a replay with the same key gets the same reservation and is charged once", async () => {
    const { userId, account } = await userWith(5);
    const req = request(userId, 2);
    const ids: string[] = [];
    const work = async (reservation: Reservation) => {
      ids.push(reservation.id);
      return reservation.id;
    };
    // Sequential and concurrent replays alike.
    await spend({ env, log: recordingLogger() }, req, work);
    await Promise.all([spend({ env, log: recordingLogger() }, req, work), spend({ env, log: recordingLogger() }, req, work)]);
    expect(new Set(ids).size).toBe(1);
    expect(ids).toHaveLength(3);
    expect(await account.balance(userId)).toMatchObject({ balance: 3, held: 0 });
    expect((await ledgerOf(userId)).reasons.filter((r) => r === "reserve")).toHaveLength(1);
  });

  it("a retry after a failed attempt is new work: it pays afresh, and concurrent retries share one charge", async () => {
    const { userId, account } = await userWith(5);
    const req = request(userId, 2);
    let first = "";
    await expect(
      spend({ env, log: recordingLogger() }, req, async (reservation) => {
        first = reservation.id;
        throw new Error("first attempt failed");
      }),
    ).rejects.toThrow("first attempt failed");
    expect(await account.balance(userId)).toMatchObject({ balance: 5, held: 0 });
    const ids: string[] = [];
    const work = async (reservation: Reservation) => {
      ids.push(reservation.id);
      return reservation.state;
    };
    const log = recordingLogger();
    const results = await Promise.all([spend({ env, log }, req, work), spend({ env, log }, req, work)]);
    expect(results).toEqual(["held", "held"]);
    expect(new Set(ids).size).toBe(1);
    expect(ids[0]).not.toBe(first);
    expect(log.lines).toEqual([]);
    expect(await account.balance(userId)).toMatchObject({ balance: 3, held: 0 });
    expect(await ledgerOf(userId)).toEqual({ reasons: ["signup_bonus", "test_grant", "reserve", "release", "reserve"], sum: 3 });
  });

  it("a retry whose work was delivered under the released reservation answers with it and charges nothing more", async () => {
    const { userId, account } = await userWith(3);
    const req = request(userId, 2);
    // The work was stored, but its reservation was released before the commit (it expired).
    const delivered = new Map<string, string>();
    const reservation = await reserveSpend({ env }, req);
    delivered.set(reservation.id, "the stored run");
    await releaseSpend({ env }, userId, reservation.id);
    let ran = false;
    const result = await spend(
      { env, log: recordingLogger() },
      req,
      async () => {
        ran = true;
        return "new work";
      },
      { replay: async (r) => delivered.get(r.id) ?? null },
    );
    expect(result).toBe("the stored run");
    expect(ran).toBe(false);
    expect(await account.balance(userId)).toMatchObject({ balance: 3, held: 0 });
  });

  it(`a key whose work failed ${MAX_PAID_ATTEMPTS} times is refused with 409 idempotency_key_exhausted, holding nothing`, async () => {
    const { userId, account } = await userWith(3);
    const req = request(userId, 1);
    for (let i = 0; i < MAX_PAID_ATTEMPTS; i++) {
      await expect(spend({ env, log: recordingLogger() }, req, async () => Promise.reject(new Error(`attempt ${i + 1} failed`)))).rejects.toThrow(`attempt ${i + 1} failed`);
    }
    let ran = false;
    const refused = spend({ env, log: recordingLogger() }, req, async () => {
      ran = true;
    });
    await expect(refused).rejects.toMatchObject({ code: "idempotency_key_exhausted", status: 409 });
    expect(ran).toBe(false);
    expect(await account.balance(userId)).toMatchObject({ balance: 3, held: 0 });
    expect((await ledgerOf(userId)).sum).toBe(3);
  });

  it("a key refused for want of credits goes ahead once the user has bought them", async () => {
    const { userId, account } = await userWith(1);
    const req = request(userId, 3);
    await expect(spend({ env, log: recordingLogger() }, req, async () => "delivered")).rejects.toMatchObject({ code: "insufficient_credits" });
    await account.grant(userId, 4, "test_grant", `test:${userId}:bought`);
    expect(await spend({ env, log: recordingLogger() }, req, async () => "delivered")).toBe("delivered");
    expect(await account.balance(userId)).toMatchObject({ balance: 2, held: 0 });
  });

  it("the two halves, for work settled later (a headshot): reserve now, commit or release once", async () => {
    const { userId, account } = await userWith(4);
    const kept = await reserveSpend({ env }, request(userId, 1));
    const dropped = await reserveSpend({ env }, request(userId, 2));
    expect(await account.balance(userId)).toMatchObject({ balance: 1, held: 3 });
    expect((await commitSpend({ env }, userId, kept.id)).ok).toBe(true);
    expect((await commitSpend({ env }, userId, kept.id)).ok).toBe(true);
    expect((await releaseSpend({ env }, userId, dropped.id)).ok).toBe(true);
    expect((await releaseSpend({ env }, userId, dropped.id)).ok).toBe(true);
    expect(await releaseSpend({ env }, userId, kept.id)).toEqual({ ok: false, code: "reservation_already_committed" });
    expect(await commitSpend({ env }, userId, dropped.id)).toEqual({ ok: false, code: "reservation_already_released" });
    expect(await account.balance(userId)).toMatchObject({ balance: 3, held: 0 });
    expect(await ledgerOf(userId)).toEqual({ reasons: ["signup_bonus", "test_grant", "reserve", "reserve", "release"], sum: 3 });
  });
});
