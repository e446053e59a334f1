// POST /v1/webhooks/stripe: signature checked on the raw body, deduplicated on the event id,
// credits granted on payment and clawed back on refund. Any failure answers 5xx so Stripe
// retries; every step is idempotent, so the retry applies exactly once.
import { OpenAPIHono, z } from "@hono/zod-openapi";
import type Stripe from "stripe";
import type { AppEnv } from "../context";
import { ApiError, problemResponses } from "../errors";
import { applyStripeEvent } from "../billing/webhooks";
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
  return c.json({ received: true as const, outcome: await applyStripeEvent(c.var.services, event) }, 200);
});
