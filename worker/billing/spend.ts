// Paying for work, one way for every paid flow (the dating analysis, bios, headshots): reserve
// the credits, do the work, commit on success, release on failure. `spend` does all of it for work
// done in the request; a flow whose work finishes elsewhere (a headshot, in the queue consumer)
// calls the same halves itself: `reserveSpend` now, `commitSpend` or `releaseSpend` later.
//
// The rules, the same for every flow:
// - A reservation's key is its idempotency: the same key always answers with the same
//   reservation (UserAccount remembers it), so a replayed request never holds or charges twice.
//   The work is handed the reservation and recognises its own replay by its id (a run, a
//   generation stored with that reservation id) and answers with what was stored.
// - Committing and releasing are idempotent, and the first settlement wins: a committed
//   reservation cannot be released, a released one cannot be committed.
// - Work that throws takes no credit: the reservation is released and the error rethrown.
import type { ServiceContext } from "../context";
import { ApiError } from "../errors";
import { describeError } from "../log";
import type { Reservation, SettleResult } from "../../durable-objects/user-account";
import { userAccount } from "./account";

export interface SpendRequest {
  userId: string;
  /** Credits to hold (an Unlimited subscription holds none for included work). */
  amount: number;
  /** The reservation's key, scoped by the flow (`analysis:<Idempotency-Key>`): the same key, the same reservation. */
  key: string;
  /** A reservation neither committed nor released is released by UserAccount's alarm after this. */
  ttlSeconds: number;
}

/** Holds the credits, or fails with 402 `insufficient_credits` saying what the user has and needs. */
export async function reserveSpend(s: Pick<ServiceContext, "env">, req: SpendRequest): Promise<Reservation> {
  const result = await userAccount(s.env, req.userId).reserve(req.userId, req.amount, req.key, req.ttlSeconds * 1000);
  if (!result.ok) {
    throw new ApiError("insufficient_credits", `This needs ${result.needed} credit(s); you have ${result.available}.`);
  }
  return result.reservation;
}

/** Makes the reservation's debit final (the work was delivered). Idempotent. */
export async function commitSpend(s: Pick<ServiceContext, "env">, userId: string, reservationId: string): Promise<SettleResult> {
  return userAccount(s.env, userId).commit(userId, reservationId);
}

/** Gives a held reservation's credits back (the work failed or was canceled). Idempotent. */
export async function releaseSpend(s: Pick<ServiceContext, "env">, userId: string, reservationId: string): Promise<SettleResult> {
  return userAccount(s.env, userId).release(userId, reservationId);
}

/** How many times work under one key may fail and be paid for afresh before the key is refused. */
export const MAX_PAID_ATTEMPTS = 5;

export interface SpendOptions<T> {
  /**
   * Finds the work already delivered under a reservation, if any (a stored run). Asked when the
   * key's reservation has been released: if the work was delivered all the same (its commit came
   * after the reservation expired), the replay answers with it and nothing is charged again.
   */
  replay?: (reservation: Reservation) => Promise<T | null>;
}

/**
 * Reserves, runs `work` with the reservation, commits when it returns and releases when it
 * throws (rethrowing the work's error, even if the release fails too: that is logged, and the
 * reservation's expiry releases it later).
 *
 * A retry with the key of an attempt that failed finds that reservation released: the retry is
 * new work and pays afresh, under the key's next attempt (`<key>#2`, `#3`, …), which is as
 * idempotent as the first: concurrent retries share it. A commit that is refused (the
 * reservation expired while the work ran) is logged: the work is delivered all the same.
 */
export async function spend<T>(
  s: Pick<ServiceContext, "env" | "log">,
  req: SpendRequest,
  work: (reservation: Reservation) => Promise<T>,
  options: SpendOptions<T> = {},
): Promise<T> {
  const { log } = s;
  let reservation = await reserveSpend(s, req);
  for (let attempt = 2; reservation.state === "released"; attempt++) {
    const delivered = await options.replay?.(reservation);
    if (delivered != null) return delivered;
    if (attempt > MAX_PAID_ATTEMPTS) {
      throw new ApiError("idempotency_key_exhausted", `This request failed ${MAX_PAID_ATTEMPTS} times; retry it as a new request with a new Idempotency-Key.`);
    }
    reservation = await reserveSpend(s, { ...req, key: `${req.key}#${attempt}` });
  }
  let result: T;
  try {
    result = await work(reservation);
  } catch (err) {
    await releaseSpend(s, req.userId, reservation.id).catch((e: unknown) => log.error("releasing a reservation failed", { reservationId: reservation.id, ...describeError(e) }));
    throw err;
  }
  const committed = await commitSpend(s, req.userId, reservation.id);
  if (!committed.ok) log.warn("reservation could not be committed", { reservationId: reservation.id, key: req.key, code: committed.code });
  return result;
}
