// Buying a credit pack on the web (POST /v1/billing/checkout): Stripe Checkout, or the offline
// sandbox when no Stripe key is set. Credits are granted by the payment's webhook
// (billing/webhooks.ts), or by the sandbox's completion, never by starting a checkout.
import type { ServiceContext } from "../context";
import { ApiError } from "../errors";
import { productById } from "../domain/catalogue";
import { webPayments } from "../providers/payments";
import type { Checkout } from "../providers/payments/types";
import { accountProfile } from "./account";
import { completeCreditPurchase } from "./purchases";

export interface CheckoutStart {
  productId: string;
  /** The client's Idempotency-Key; without one, retries within the same minute share a checkout. */
  idempotencyKey?: string;
  /** Where the API is served from (the sandbox's checkout page lives there). */
  origin: string;
}

/** Opens a checkout for a credit pack (Unlimited plans are sold in the app stores). */
export async function startCheckout(s: ServiceContext, userId: string, req: CheckoutStart): Promise<Checkout> {
  const { config, env } = s;
  const pack = productById(req.productId);
  if (!pack) throw new ApiError("not_found", `No product ${req.productId}.`);
  if (pack.kind !== "credit_pack") {
    throw new ApiError("validation_failed", "Unlimited plans are sold in the app stores; buy them in the app.", {
      errors: [{ path: "productId", message: "not a credit pack" }],
    });
  }
  // Receipts, refunds and account recovery all go to this address: it must be a real one.
  if (config.REQUIRE_VERIFIED_EMAIL_FOR_PURCHASE && !(await accountProfile(env, userId))?.emailVerifiedAt) {
    throw new ApiError("email_not_verified", "Confirm your email address (see the email we sent, or POST /v1/auth/verify-email/resend) before buying.");
  }
  const key = req.idempotencyKey ?? `${userId}:${pack.id}:${new Date().toISOString().slice(0, 16)}`;
  return webPayments(config, req.origin).createCheckout({ userId, pack, idempotencyKey: `checkout:${userId}:${key}`, returnUrl: config.CHECKOUT_RETURN_URL });
}

/** The offline sandbox's "payment succeeded": grants the pack once per checkout id. Absent with Stripe configured and in production. */
export async function completeSandboxCheckout(s: ServiceContext, userId: string, req: { checkoutId: string; productId: string }): ReturnType<typeof completeCreditPurchase> {
  const { config } = s;
  if (config.STRIPE_SECRET_KEY || config.ENVIRONMENT === "production") throw new ApiError("not_found");
  const pack = productById(req.productId);
  if (pack?.kind !== "credit_pack") throw new ApiError("not_found", "No such credit pack.");
  return completeCreditPurchase(s, { provider: "sandbox", userId, pack, paymentId: req.checkoutId, amountCents: pack.priceCents, currency: "usd" });
}
