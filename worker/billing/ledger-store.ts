// Postgres side of the credit ledger: appending outbox entries (idempotent on the ledger's
// unique key: replaying an entry that is already there does nothing), mirroring the entitlement
// (never moving its watermark backwards), and reading a user's state back for rebuilds.
import { eq, sql } from "drizzle-orm";
import type { Database, Queryable } from "../db/client";
import { creditLedger, users } from "../db/schema";
import type { Entitlement } from "../domain/ledger";
import { profileColumns, type ProfileSource } from "../accounts/profile-record";

export interface LedgerEntry {
  delta: number;
  reason: string;
  key: string;
  reference?: Record<string, unknown> | null;
}

/**
 * The outbox drain in one statement (one round trip, atomic without BEGIN/COMMIT): the ledger
 * entries and the entitlement mirror. A user erased meanwhile fails it with a foreign-key violation (23503).
 */
export async function syncAccount(db: Database, userId: string, entries: LedgerEntry[], e: Entitlement, tier: "free" | "credits" | "unlimited"): Promise<void> {
  const mirror = db
    .update(users)
    .set({
      subscriptionTier: tier,
      subscriptionExpiresAt: e.unlimitedUntil ? new Date(e.unlimitedUntil) : null,
      subscriptionProductId: e.productId,
      entitlementWatermark: e.watermark,
    })
    .where(sql`${users.id} = ${userId} and ${users.entitlementWatermark} <= ${e.watermark}`);
  if (!entries.length) return void (await mirror);
  const ledger = db
    .insert(creditLedger)
    .values(entries.map((x) => ({ userId, delta: x.delta, reason: x.reason, idempotencyKey: x.key, reference: x.reference ?? null })))
    .onConflictDoNothing({ target: creditLedger.idempotencyKey });
  await db.execute(sql`with appended as (${ledger.getSQL()}) ${mirror.getSQL()}`);
}

/** The user's balance, entitlement and profile from Postgres alone (the system of record), in one query. */
export async function readAccountFromLedger(db: Queryable, userId: string): Promise<{ exists: boolean; balance: number; entitlement: Entitlement; profile?: ProfileSource }> {
  const [row] = await db
    .select({
      balance: sql<number>`(select coalesce(sum(${creditLedger.delta}), 0)::int from ${creditLedger} where ${creditLedger.userId} = ${userId})`,
      expiresAt: users.subscriptionExpiresAt,
      productId: users.subscriptionProductId,
      watermark: users.entitlementWatermark,
      profile: profileColumns,
    })
    .from(users)
    .where(eq(users.id, userId));
  if (!row) return { exists: false, balance: 0, entitlement: { unlimitedUntil: null, productId: null, watermark: 0 } };
  return {
    exists: true,
    balance: row.balance,
    entitlement: { unlimitedUntil: row.expiresAt?.getTime() ?? null, productId: row.productId, watermark: row.watermark },
    profile: row.profile,
  };
}

/** The profile columns of one user (the account object's copy, when it must be rebuilt). */
export async function readProfile(db: Queryable, userId: string): Promise<ProfileSource | undefined> {
  const [row] = await db.select(profileColumns).from(users).where(eq(users.id, userId));
  return row;
}
