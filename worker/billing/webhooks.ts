// What the providers' webhooks do once their signature is checked (the routes check it, on the
// raw body): every delivery is applied once per (provider, event id) through `processOnce`, and
// the Stripe and RevenueCat events are turned into credit grants, refunds and entitlements here.
// Every step is idempotent, so a delivery whose earlier attempt failed half-way is applied again
// safely; a delivery already processed answers "duplicate" and changes nothing.
import type Stripe from "stripe";
import type { ServiceContext } from "../context";
import { productById } from "../domain/catalogue";
import { planRevenueCatEvent, type RevenueCatEvent } from "../domain/revenuecat";
import { completeCreditPurchase, refundCreditPurchase } from "./purchases";
import { applyRevenueCatActions, findRevenueCatUsers } from "./revenuecat";
import { beginWebhook, finishWebhook } from "./webhook-log";

export interface Delivery {
  provider: "stripe" | "revenuecat" | "replicate";
  eventId: string;
  eventType: string;
  userId?: string | null;
}

/** Applies a delivery once: `apply` answers the outcome recorded with it; a redelivery answers "duplicate". */
export async function processOnce(s: Pick<ServiceContext, "db">, delivery: Delivery, apply: () => Promise<string>): Promise<string> {
  const db = s.db();
  if ((await beginWebhook(db, delivery.provider, delivery.eventId, delivery.eventType, delivery.userId)).alreadyProcessed) return "duplicate";
  const outcome = await apply();
  await finishWebhook(db, delivery.provider, delivery.eventId, outcome);
  return outcome;
}

const idOf = (v: string | { id: string } | null | undefined) => (typeof v === "string" ? v : v?.id);

/** A verified Stripe event: credits granted on payment, clawed back on refund; others ignored. */
export async function applyStripeEvent(s: ServiceContext, event: Stripe.Event): Promise<string> {
  const log = s.log.child({ stripeEvent: event.id, type: event.type });
  const outcome = await processOnce(s, { provider: "stripe", eventId: event.id, eventType: event.type }, async () => {
    switch (event.type) {
      case "checkout.session.completed":
      case "checkout.session.async_payment_succeeded": {
        const session = event.data.object;
        if (session.payment_status !== "paid") return "awaiting_payment";
        const pack = productById(session.metadata?.productId ?? "");
        const userId = session.metadata?.userId ?? session.client_reference_id;
        const paymentId = idOf(session.payment_intent);
        if (pack?.kind !== "credit_pack" || !userId || !paymentId) {
          log.error("checkout without our metadata", { metadata: session.metadata });
          return "unrecognised_checkout";
        }
        const result = await completeCreditPurchase(s, {
          provider: "stripe",
          userId,
          pack,
          paymentId,
          amountCents: session.amount_total ?? pack.priceCents,
          currency: session.currency ?? "usd",
        });
        return result.applied ? "granted" : "already_granted";
      }
      case "charge.refunded": {
        const charge = event.data.object;
        const paymentId = idOf(charge.payment_intent);
        return paymentId ? (await refundCreditPurchase(s, paymentId, charge.amount_refunded)).reason : "ignored";
      }
      default:
        return "ignored";
    }
  });
  if (outcome !== "duplicate") log.info("stripe webhook processed", { outcome });
  return outcome;
}

/** A RevenueCat event: purchases, renewals, refunds and transfers, as domain/revenuecat.ts plans them. */
export async function applyRevenueCatEvent(s: ServiceContext, event: RevenueCatEvent): Promise<string> {
  const log = s.log.child({ revenuecatEvent: event.id, type: event.type });
  const users = await findRevenueCatUsers(s.db(), event);
  const plan = planRevenueCatEvent(event, users);
  const userId = users.subject ?? users.to[0] ?? users.from[0] ?? null;
  const outcome = await processOnce(s, { provider: "revenuecat", eventId: event.id, eventType: event.type, userId }, async () => {
    await applyRevenueCatActions(s, plan.actions);
    return plan.outcome;
  });
  if (outcome === "duplicate") return outcome;
  if (outcome === "unknown_user") {
    // Retrying cannot help: the purchase belongs to an id that is not (or no longer) ours.
    log.warn("revenuecat event for an unknown user", { appUserId: event.app_user_id, originalAppUserId: event.original_app_user_id });
  } else if (outcome === "unknown_product" || outcome.startsWith("missing_") || outcome === "unexpected_product") {
    log.error("revenuecat event not applied", { outcome, productId: event.product_id, userId });
  } else {
    log.info("revenuecat webhook processed", { outcome, userId });
  }
  return outcome;
}
