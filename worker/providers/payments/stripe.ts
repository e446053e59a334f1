// Stripe through its official SDK on the fetch HTTP client (Workers have no Node http).
import Stripe from "stripe";
import type { Checkout, CheckoutRequest, WebPayments } from "./types";

export function stripeClient(secretKey: string, apiBase?: string): Stripe {
  const base = apiBase ? new URL(apiBase) : undefined;
  return new Stripe(secretKey, {
    httpClient: Stripe.createFetchHttpClient(),
    maxNetworkRetries: 2,
    timeout: 10_000,
    ...(base ? { host: base.hostname, port: base.port || (base.protocol === "https:" ? 443 : 80), protocol: base.protocol.replace(":", "") as "http" | "https" } : {}),
  });
}

export class StripePayments implements WebPayments {
  readonly name = "stripe" as const;
  private stripe: Stripe;

  constructor(secretKey: string, apiBase?: string) {
    this.stripe = stripeClient(secretKey, apiBase);
  }

  async createCheckout(req: CheckoutRequest): Promise<Checkout> {
    const metadata = { userId: req.userId, productId: req.pack.id, credits: String(req.pack.credits) };
    const session = await this.stripe.checkout.sessions.create(
      {
        mode: "payment",
        client_reference_id: req.userId,
        line_items: [
          {
            quantity: 1,
            price_data: { currency: "usd", unit_amount: req.pack.priceCents, product_data: { name: `${req.pack.credits} Firstlook credits` } },
          },
        ],
        metadata,
        payment_intent_data: { metadata },
        success_url: `${req.returnUrl}?checkout=success&session_id={CHECKOUT_SESSION_ID}`,
        cancel_url: `${req.returnUrl}?checkout=canceled`,
      },
      // Retrying the same checkout (a double tap, a network retry) returns the same session.
      { idempotencyKey: req.idempotencyKey },
    );
    if (!session.url) throw new Error("Stripe returned a session without a URL");
    return { provider: "stripe", checkoutId: session.id, url: session.url };
  }
}

/** Verifies a webhook on the raw body. Throws if the signature is bad or stale (300 s). */
export async function verifyStripeEvent(rawBody: string, signature: string, secret: string): Promise<Stripe.Event> {
  return Stripe.webhooks.constructEventAsync(rawBody, signature, secret, undefined, Stripe.createSubtleCryptoProvider());
}
