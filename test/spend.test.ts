// billing/spend.ts, the one way paid work is paid for, through the real UserAccount object and
// the Postgres ledger: commit on success, release and rethrow on failure, one charge per key.
import { afterAll, describe, expect, it } from "vitest";
import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { creditLedger } from "../worker/db/schema";
import { userAccount } from "../worker/billing/account";
import { commitSpend, releaseSpend, reserveSpend, spend, type SpendRequest } from "../worker/billing/spend";
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

  // What the flows do today, pinned so a change to it is deliberate: UserAccount answers a key with
  // its first reservation, released by then, so the retry's work is not charged (the commit is
  // refused, and logged). A client that retries a failure with the same key is not charged twice.
  it("a replay after a failed attempt gets the released reservation: nothing is charged, the refused commit is logged", async () => {
    const { userId, account } = await userWith(2);
    const req = request(userId, 2);
    await expect(spend({ env, log: recordingLogger() }, req, async () => Promise.reject(new Error("first attempt failed")))).rejects.toThrow("first attempt failed");
    const log = recordingLogger();
    const result = await spend({ env, log }, req, async (reservation) => reservation.state);
    expect(result).toBe("released");
    expect(log.lines).toEqual([{ level: "warn", msg: "reservation could not be committed" }]);
    expect(await account.balance(userId)).toMatchObject({ balance: 2, held: 0 });
    expect((await ledgerOf(userId)).sum).toBe(2);
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
