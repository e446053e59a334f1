// POST /v1/webhooks/stripe: signature checked on the raw body, deduplicated on the event id,
// credits granted on payment and clawed back on refund. Any failure answers 5xx so Stripe
// retries; every step is idempotent, so the retry applies exactly once.
import { OpenAPIHono, z } from "@hono/zod-openapi";
import type Stripe from "stripe";
import type { AppEnv } from "../context";
import { ApiError, problemResponses } from "../errors";
import { productById } from "../domain/catalogue";
import { beginWebhook, finishWebhook } from "../billing/webhook-log";
import { completeCreditPurchase, refundCreditPurchase } from "../billing/purchases";
import { verifyStripeEvent } from "../providers/payments/stripe";
import { json } from "./schemas";
import { defineRoute } from "./define-route";

export const stripeWebhook = new OpenAPIHono<AppEnv>();

const route = defineRoute({
  method: "post",
  path: "/v1/webhooks/stripe",
  auth: "public",
  tags: ["Webhooks"],
  summary: "Stripe events (signed with STRIPE_WEBHOOK_SECRET)",
  responses: {
    200: json(z.object({ received: z.literal(true), outcome: z.string() }), "Processed, or already processed"),
    ...problemResponses("validation_failed", "not_found", "database_unavailable"),
  },
});

const idOf = (v: string | { id: string } | null | undefined) => (typeof v === "string" ? v : v?.id);

stripeWebhook.openapi(route, async (c) => {
  const secret = c.var.config.STRIPE_WEBHOOK_SECRET;
  if (!secret) throw new ApiError("not_found", "Stripe is not configured.");
  const raw = await c.req.text();
  let event: Stripe.Event;
  try {
    event = await verifyStripeEvent(raw, c.req.header("stripe-signature") ?? "", secret);
  } catch {
    throw new ApiError("validation_failed", "Bad or stale Stripe signature.");
  }
  const db = c.var.db();
  const log = c.var.log.child({ stripeEvent: event.id, type: event.type });
  if ((await beginWebhook(db, "stripe", event.id, event.type)).alreadyProcessed) {
    return c.json({ received: true as const, outcome: "duplicate" }, 200);
  }

  let outcome = "ignored";
  switch (event.type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded": {
      const session = event.data.object;
      if (session.payment_status !== "paid") {
        outcome = "awaiting_payment";
        break;
      }
      const pack = productById(session.metadata?.productId ?? "");
      const userId = session.metadata?.userId ?? session.client_reference_id;
      const paymentId = idOf(session.payment_intent);
      if (pack?.kind !== "credit_pack" || !userId || !paymentId) {
        log.error("checkout without our metadata", { metadata: session.metadata });
        outcome = "unrecognised_checkout";
        break;
      }
      const result = await completeCreditPurchase(c.var.services, {
        provider: "stripe",
        userId,
        pack,
        paymentId,
        amountCents: session.amount_total ?? pack.priceCents,
        currency: session.currency ?? "usd",
      });
      outcome = result.applied ? "granted" : "already_granted";
      break;
    }
    case "charge.refunded": {
      const charge = event.data.object;
      const paymentId = idOf(charge.payment_intent);
      if (paymentId) outcome = (await refundCreditPurchase(c.var.services, paymentId, charge.amount_refunded)).reason;
      break;
    }
  }
  await finishWebhook(db, "stripe", event.id, outcome);
  log.info("stripe webhook processed", { outcome });
  return c.json({ received: true as const, outcome }, 200);
});
