// Credit ledger rules, pure: no storage, no bindings. The UserAccount Durable Object applies
// them; every change they produce is also an append-only Postgres ledger row.
//
// The balance is the sum of ledger deltas and may go below zero only through a refund
// clawback: the user then sees 0 credits and a debt, which the next grant pays off first.
// Reserving debits immediately (so two devices cannot spend the same credit); releasing credits
// it back; committing makes the debit final without touching the balance.

export type Tier = "free" | "credits" | "unlimited";

export interface Entitlement {
  /** Unlimited access until this time (ms since epoch), if any. */
  unlimitedUntil: number | null;
  /** Product that granted it (e.g. `headshots_unlimited_monthly`). */
  productId: string | null;
  /** Event time (ms) of the newest entitlement change applied: older events are ignored. */
  watermark: number;
}

export const noEntitlement: Entitlement = { unlimitedUntil: null, productId: null, watermark: 0 };

export const available = (balance: number) => Math.max(0, balance);
export const debt = (balance: number) => Math.max(0, -balance);

export const isUnlimited = (e: Entitlement, now: number) => e.unlimitedUntil !== null && e.unlimitedUntil > now;

export function tierOf(balance: number, e: Entitlement, now: number): Tier {
  if (isUnlimited(e, now)) return "unlimited";
  return balance > 0 ? "credits" : "free";
}

export type ReserveDecision = { ok: true; debit: number; unlimited: boolean } | { ok: false; code: "insufficient_credits"; available: number; needed: number };

/** Unlimited subscribers reserve nothing; everyone else needs the full amount available. */
export function decideReserve(balance: number, e: Entitlement, amount: number, now: number): ReserveDecision {
  if (!Number.isInteger(amount) || amount < 1) throw new RangeError("amount must be a positive integer");
  if (isUnlimited(e, now)) return { ok: true, debit: 0, unlimited: true };
  if (available(balance) < amount) return { ok: false, code: "insufficient_credits", available: available(balance), needed: amount };
  return { ok: true, debit: amount, unlimited: false };
}

export interface EntitlementChange {
  /** Event time in ms (RevenueCat's event_timestamp_ms). */
  at: number;
  unlimitedUntil: number | null;
  productId: string | null;
}

/**
 * Applies an entitlement change only if it is newer than the last one applied: a late
 * EXPIRATION retry must not downgrade a user who has renewed since.
 */
export function applyEntitlement(current: Entitlement, change: EntitlementChange): { next: Entitlement; applied: boolean } {
  if (change.at <= current.watermark) return { next: current, applied: false };
  return { next: { unlimitedUntil: change.unlimitedUntil, productId: change.productId, watermark: change.at }, applied: true };
}

export type ReservationState = "held" | "committed" | "released";

export type SettleOutcome =
  | { ok: true; state: ReservationState; changed: boolean }
  | { ok: false; code: "reservation_not_found" | "reservation_already_committed" | "reservation_already_released" };

/** Commit and release are idempotent: repeating the same one returns the same answer. */
export function decideSettle(current: ReservationState | undefined, action: "commit" | "release"): SettleOutcome {
  if (!current) return { ok: false, code: "reservation_not_found" };
  const target: ReservationState = action === "commit" ? "committed" : "released";
  if (current === target) return { ok: true, state: target, changed: false };
  if (current === "held") return { ok: true, state: target, changed: true };
  return { ok: false, code: current === "committed" ? "reservation_already_committed" : "reservation_already_released" };
}
