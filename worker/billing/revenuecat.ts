// Carrying out what worker/domain/revenuecat.ts decided for a RevenueCat event. Each action is
// idempotent on its own, so a retried delivery (or five concurrent ones) applies once.
import { eq, inArray } from "drizzle-orm";
import type { ServiceContext } from "../context";
import type { Queryable } from "../db/client";
import { purchases, users } from "../db/schema";
import { allCandidates, resolveUsers, type ResolvedUsers, type RevenueCatAction, type RevenueCatEvent } from "../domain/revenuecat";
import { userAccount } from "./account";

/** Which of the event's (UUID-shaped) app user ids are our users. */
export async function findRevenueCatUsers(db: Queryable, event: RevenueCatEvent): Promise<ResolvedUsers> {
  const candidates = allCandidates(event);
  const rows = candidates.length ? await db.select({ id: users.id }).from(users).where(inArray(users.id, candidates)) : [];
  return resolveUsers(event, new Set(rows.map((r) => r.id.toLowerCase())));
}

/** Applies the actions in order; the first failure throws, and the retry starts over safely. */
export async function applyRevenueCatActions(s: ServiceContext, actions: readonly RevenueCatAction[]): Promise<void> {
  const { env } = s;
  const db = s.db();
  for (const a of actions) {
    switch (a.kind) {
      case "record_purchase": {
        const p = a.purchase;
        await db
          .insert(purchases)
          .values({
            userId: a.userId,
            provider: "revenuecat",
            revenuecatTransactionId: p.transactionId,
            productId: p.productId,
            amountCents: p.amountCents,
            currency: p.currency,
            creditsPurchased: p.creditsPurchased,
            purchaseStatus: p.status,
            purchaseDate: p.purchasedAt === null ? null : new Date(p.purchasedAt),
          })
          .onConflictDoNothing({ target: purchases.revenuecatTransactionId });
        break;
      }
      case "grant":
        await userAccount(env, a.userId).grant(a.userId, a.amount, a.reason, a.key, a.reference);
        break;
      case "clawback":
        await userAccount(env, a.userId).clawback(a.userId, a.amount, a.reason, a.key, a.reference);
        break;
      case "mark_refunded":
        // A no-op if the purchase event has not arrived (yet): the clawback already stands.
        await db
          .update(purchases)
          .set({ purchaseStatus: "refunded", ...(a.refundedCredits !== null ? { refundedCredits: a.refundedCredits } : {}) })
          .where(eq(purchases.revenuecatTransactionId, a.transactionId));
        break;
      case "entitlement":
        await userAccount(env, a.userId).setEntitlement(a.userId, a.change);
        break;
    }
  }
}
