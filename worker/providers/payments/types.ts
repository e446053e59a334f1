// The web payments contract: a checkout request and its answer. Its own file so the Stripe
// implementation (stripe.ts) and the choice of provider (index.ts) depend on it and not on each other.
import type { CreditPack } from "../../domain/catalogue";

export interface CheckoutRequest {
  userId: string;
  pack: CreditPack;
  idempotencyKey: string;
  returnUrl: string;
}

export interface Checkout {
  provider: "stripe" | "sandbox";
  checkoutId: string;
  url: string;
}

export interface WebPayments {
  readonly name: "stripe" | "sandbox";
  createCheckout(req: CheckoutRequest): Promise<Checkout>;
}
