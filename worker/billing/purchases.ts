// Recording purchases and turning them into credits. Every step is idempotent: the purchase row
// is keyed by the provider's payment id, the grant by the same id in the user's ledger.
import { and, eq, sql } from "drizzle-orm";
import type { ServiceContext } from "../context";
import type { Reader } from "../db/client";
import { purchases } from "../db/schema";
import { byCreatedAt, newestFirst, pageOf } from "../db/pagination";
import type { CreditPack } from "../domain/catalogue";
import { userAccount } from "./account";

export interface CompletedPayment {
  provider: "stripe" | "sandbox";
  userId: string;
  pack: CreditPack;
  paymentId: string;
  amountCents: number;
  currency: string;
}

export async function completeCreditPurchase(s: ServiceContext, p: CompletedPayment) {
  await s
    .db()
    .insert(purchases)
    .values({
      userId: p.userId,
      provider: p.provider,
      stripePaymentIntentId: p.paymentId,
      productId: p.pack.id,
      amountCents: p.amountCents,
      currency: p.currency.toUpperCase(),
      creditsPurchased: p.pack.credits,
      purchaseStatus: "completed",
      purchaseDate: sql`now()`,
    })
    .onConflictDoNothing({ target: purchases.stripePaymentIntentId });
  return userAccount(s.env, p.userId).grant(p.userId, p.pack.credits, `purchase:${p.pack.id}`, `${p.provider}:${p.paymentId}`, {
    paymentId: p.paymentId,
  });
}

/**
 * A (possibly partial, possibly repeated) refund: claws back the purchased credits in proportion
 * to the amount refunded so far. The balance never goes below zero; the rest becomes a debt.
 * The purchase row is locked so concurrent refund events for one payment apply in turn; the
 * clawback is keyed by the cumulative target, so a retry after a crash claws back nothing twice.
 */
export async function refundCreditPurchase(s: ServiceContext, paymentId: string, refundedCents: number) {
  return s.db().transaction(async (tx) => {
    const [purchase] = await tx.select().from(purchases).where(eq(purchases.stripePaymentIntentId, paymentId)).for("update");
    if (!purchase?.creditsPurchased || !purchase.amountCents) return { applied: false, reason: "unknown purchase" };
    const target = Math.min(purchase.creditsPurchased, Math.round((purchase.creditsPurchased * refundedCents) / purchase.amountCents));
    const delta = target - purchase.refundedCredits;
    if (delta <= 0) return { applied: false, reason: "already applied" };
    const result = await userAccount(s.env, purchase.userId).clawback(purchase.userId, delta, "refund", `refund:${paymentId}:${target}`, { paymentId, refundedCents });
    await tx
      .update(purchases)
      .set({ refundedCredits: target, purchaseStatus: target >= purchase.creditsPurchased ? "refunded" : "partially_refunded" })
      .where(eq(purchases.id, purchase.id));
    return { applied: result.applied, reason: "refunded" };
  });
}

export async function listPurchases(db: Reader, userId: string, limit: number, cursor?: string) {
  const order = newestFirst(purchases.createdAt, purchases.id, cursor);
  const rows = await db
    .select()
    .from(purchases)
    .where(and(eq(purchases.userId, userId), order.where))
    .orderBy(...order.orderBy)
    .limit(limit + 1);
  return pageOf(rows, limit, byCreatedAt);
}
