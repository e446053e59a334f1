// RevenueCat webhook events -> what to do about them, pure: no storage, no bindings. The route
// resolves RevenueCat's app user ids to our users, this module decides, and
// worker/billing/revenuecat.ts carries the actions out. Every action is idempotent on its own
// (keyed grants/clawbacks, watermarked entitlement changes, ON CONFLICT purchase rows), so a
// redelivered or retried event applies once whatever order events arrive in.
import type { EntitlementChange } from "./ledger";
import { productByStoreId, type Product } from "./catalogue";

/** The fields of a RevenueCat event we use (RevenueCat sends more, and adds fields over time). */
export interface RevenueCatEvent {
  id: string;
  type: string;
  app_user_id?: string | null;
  original_app_user_id?: string | null;
  aliases?: string[] | null;
  product_id?: string | null;
  transaction_id?: string | null;
  original_transaction_id?: string | null;
  event_timestamp_ms: number;
  purchased_at_ms?: number | null;
  expiration_at_ms?: number | null;
  /** In USD, whatever currency the buyer paid in (that one is `currency`); negative on refunds. */
  price?: number | null;
  currency?: string | null;
  cancel_reason?: string | null;
  transferred_from?: string[] | null;
  transferred_to?: string[] | null;
  environment?: string | null;
}

/** Our users behind the event's ids (already checked to exist). */
export interface ResolvedUsers {
  /** The purchaser: first of app_user_id, original_app_user_id, aliases that is our user. */
  subject: string | null;
  /** TRANSFER only. */
  from: string[];
  to: string[];
}

export interface PurchaseRecord {
  transactionId: string;
  productId: string;
  creditsPurchased: number | null;
  amountCents: number | null;
  currency: string | null;
  purchasedAt: number | null;
  status: "completed" | "active";
}

export type RevenueCatAction =
  | { kind: "record_purchase"; userId: string; purchase: PurchaseRecord }
  | { kind: "grant"; userId: string; amount: number; reason: string; key: string; reference: Record<string, unknown> }
  | { kind: "clawback"; userId: string; amount: number; reason: string; key: string; reference: Record<string, unknown> }
  | { kind: "mark_refunded"; transactionId: string; refundedCredits: number | null }
  | { kind: "entitlement"; userId: string; change: EntitlementChange };

export interface RevenueCatPlan {
  /** Stored on the webhook_events row and answered to RevenueCat. */
  outcome: string;
  actions: RevenueCatAction[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The apps set RevenueCat's appUserID to our user id, so only UUIDs can be ours (anonymous ids
 * look like `$RCAnonymousID:...`). Lower-cased, deduplicated, in the order given.
 */
export function userIdCandidates(ids: ReadonlyArray<string | null | undefined>): string[] {
  const out: string[] = [];
  for (const id of ids) {
    const v = id?.trim().toLowerCase();
    if (v && UUID.test(v) && !out.includes(v)) out.push(v);
  }
  return out;
}

/** Candidates for the purchaser, in order of preference. */
export const subjectCandidates = (e: RevenueCatEvent) => userIdCandidates([e.app_user_id, e.original_app_user_id, ...(e.aliases ?? [])]);

/** Picks our users out of the event's ids, given the set of candidate ids that exist. */
export function resolveUsers(e: RevenueCatEvent, existing: ReadonlySet<string>): ResolvedUsers {
  const ours = (ids: string[]) => ids.filter((id) => existing.has(id));
  return {
    subject: ours(subjectCandidates(e))[0] ?? null,
    from: ours(userIdCandidates(e.transferred_from ?? [])),
    to: ours(userIdCandidates(e.transferred_to ?? [])),
  };
}

/** Every id worth looking up, for one query. */
export const allCandidates = (e: RevenueCatEvent) => userIdCandidates([...subjectCandidates(e), ...(e.transferred_from ?? []), ...(e.transferred_to ?? [])]);

const plan = (outcome: string, actions: RevenueCatAction[] = []): RevenueCatPlan => ({ outcome, actions });

/** CUSTOMER_SUPPORT is how RevenueCat reports a refund (App Store support, Play or dashboard). */
const isRefund = (e: RevenueCatEvent) => e.cancel_reason === "CUSTOMER_SUPPORT";

export function planRevenueCatEvent(e: RevenueCatEvent, users: ResolvedUsers, findProduct: (storeId: string) => Product | undefined = productByStoreId): RevenueCatPlan {
  const at = e.event_timestamp_ms;
  if (e.type === "TEST") return plan("test");

  if (e.type === "TRANSFER") {
    // TRANSFER carries no product and usually no expiration: the old owners lose access now;
    // the new owner gets it only if the event says until when (their next RENEWAL or
    // EXPIRATION will say so otherwise).
    if (!users.from.length && !users.to.length) return plan("unknown_user");
    const actions: RevenueCatAction[] = users.from.map((userId) => ({ kind: "entitlement", userId, change: { at, unlimitedUntil: null, productId: null } }));
    const product = e.product_id ? findProduct(e.product_id) : undefined;
    if (e.expiration_at_ms) {
      const productId = product?.kind === "unlimited" ? product.id : null;
      for (const userId of users.to) actions.push({ kind: "entitlement", userId, change: { at, unlimitedUntil: e.expiration_at_ms, productId } });
      return plan("transferred", actions);
    }
    return plan(users.to.length ? "transferred_without_expiration" : "transferred", actions);
  }

  const userId = users.subject;
  if (!userId) return plan("unknown_user");

  switch (e.type) {
    case "BILLING_ISSUE":
      // The store retries the charge during a grace period; EXPIRATION comes if it fails.
      return plan("billing_issue");
    case "NON_RENEWING_PURCHASE":
    case "INITIAL_PURCHASE":
    case "RENEWAL":
    case "UNCANCELLATION":
    case "PRODUCT_CHANGE":
    case "CANCELLATION":
    case "EXPIRATION":
      break;
    default:
      return plan("ignored");
  }

  const product = e.product_id ? findProduct(e.product_id) : undefined;
  if (!product) return plan("unknown_product");
  const txn = e.transaction_id ?? null;

  if (product.kind === "credit_pack") {
    if (e.type === "NON_RENEWING_PURCHASE" || e.type === "INITIAL_PURCHASE") {
      if (!txn) return plan("missing_transaction_id");
      return plan("granted", [
        { kind: "record_purchase", userId, purchase: purchaseRecord(e, txn, product.id, product.credits, "completed") },
        { kind: "grant", userId, amount: product.credits, reason: `purchase:${product.id}`, key: `rc:${txn}`, reference: reference(e) },
      ]);
    }
    if (e.type === "CANCELLATION" && isRefund(e)) {
      if (!txn) return plan("missing_transaction_id");
      return plan("clawed_back", [
        { kind: "clawback", userId, amount: product.credits, reason: "refund", key: `rc-refund:${txn}`, reference: reference(e) },
        { kind: "mark_refunded", transactionId: txn, refundedCredits: product.credits },
      ]);
    }
    return plan(e.type === "CANCELLATION" ? "ignored" : "unexpected_product");
  }

  // An unlimited plan.
  const entitlement = (unlimitedUntil: number | null, productId: string | null): RevenueCatAction => ({ kind: "entitlement", userId, change: { at, unlimitedUntil, productId } });
  switch (e.type) {
    case "NON_RENEWING_PURCHASE":
      return plan("unexpected_product");
    case "EXPIRATION":
      return plan("expired", [entitlement(null, null)]);
    case "CANCELLATION":
      if (isRefund(e)) {
        const actions = [entitlement(null, null)];
        if (txn) actions.push({ kind: "mark_refunded", transactionId: txn, refundedCredits: null });
        return plan("revoked", actions);
      }
      // Auto-renew is off; access runs to the end of the paid period. Re-stating it still
      // advances the watermark, so an older event cannot undo this one.
      if (!e.expiration_at_ms) return plan("missing_expiration");
      return plan("auto_renew_off", [entitlement(e.expiration_at_ms, product.id)]);
    default: {
      // INITIAL_PURCHASE, RENEWAL, UNCANCELLATION, PRODUCT_CHANGE.
      if (!e.expiration_at_ms) return plan("missing_expiration");
      const actions = [entitlement(e.expiration_at_ms, product.id)];
      if ((e.type === "INITIAL_PURCHASE" || e.type === "RENEWAL") && txn) {
        actions.unshift({ kind: "record_purchase", userId, purchase: purchaseRecord(e, txn, product.id, null, "active") });
      }
      return plan("unlimited", actions);
    }
  }
}

function purchaseRecord(e: RevenueCatEvent, transactionId: string, productId: string, credits: number | null, status: PurchaseRecord["status"]): PurchaseRecord {
  // `price` is RevenueCat's USD figure; the local-currency amount would need per-currency
  // minor units, so the row records USD.
  const hasPrice = typeof e.price === "number" && Number.isFinite(e.price);
  return {
    transactionId,
    productId,
    creditsPurchased: credits,
    amountCents: hasPrice ? Math.round(e.price! * 100) : null,
    currency: hasPrice ? "USD" : null,
    purchasedAt: e.purchased_at_ms ?? null,
    status,
  };
}

const reference = (e: RevenueCatEvent) => ({
  provider: "revenuecat",
  eventId: e.id,
  transactionId: e.transaction_id ?? null,
  storeProductId: e.product_id ?? null,
  ...(e.environment ? { environment: e.environment } : {}),
});
