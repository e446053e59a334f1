// Web payments behind one small interface: Stripe Checkout when STRIPE_SECRET_KEY is set, an
// offline sandbox otherwise (never in production), which says so in every response.
import type { Config } from "../../env";
import { StripePayments } from "./stripe";
import type { WebPayments } from "./types";

export type { Checkout, CheckoutRequest, WebPayments } from "./types";

export function webPayments(config: Config, apiOrigin: string): WebPayments {
  if (config.STRIPE_SECRET_KEY) return new StripePayments(config.STRIPE_SECRET_KEY, config.STRIPE_API_BASE);
  if (config.ENVIRONMENT === "production") throw new Error("STRIPE_SECRET_KEY is required in production");
  return {
    name: "sandbox",
    async createCheckout(req) {
      const checkoutId = `sandbox_${crypto.randomUUID()}`;
      return { provider: "sandbox", checkoutId, url: `${apiOrigin}/v1/billing/sandbox/${checkoutId}?productId=${req.pack.id}` };
    },
  };
}
