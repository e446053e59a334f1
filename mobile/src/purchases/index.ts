// Buying credits. On the web: a checkout from POST /v1/billing/checkout, opened in the browser
// (Stripe), or, when the server has no Stripe key, a sandbox checkout completed in-app and
// labelled as such. In the stores: RevenueCat is not wired into this build (its SDK needs a
// native build and store products); the screen says so instead of pretending.
import { Linking, Platform } from "react-native";
import { api, unwrap } from "../api/client";
import type { Checkout } from "../api/types";
import { track } from "../analytics";

export const storePurchasesAvailable = false;

export const storeName = Platform.OS === "ios" ? "App Store" : Platform.OS === "android" ? "Google Play" : "web";

function idempotencyKey(productId: string): string {
  return `${productId}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

export type CheckoutOutcome = { kind: "redirected" } | { kind: "sandbox"; checkout: Checkout; productId: string };

export async function startCheckout(productId: string): Promise<CheckoutOutcome> {
  track({ type: "purchase_started", properties: { productId, store: "web" } });
  const checkout = await unwrap(api.POST("/v1/billing/checkout", { body: { productId }, params: { header: { "idempotency-key": idempotencyKey(productId) } } }));
  if (checkout.provider === "sandbox") return { kind: "sandbox", checkout, productId };
  if (Platform.OS === "web" && typeof window !== "undefined") window.location.assign(checkout.url);
  else await Linking.openURL(checkout.url);
  return { kind: "redirected" };
}

/** Completes a sandbox checkout (offline demo only): grants the pack's credits once. */
export async function completeSandboxCheckout(checkoutId: string, productId: string) {
  return unwrap(api.POST("/v1/billing/sandbox/{checkoutId}", { params: { path: { checkoutId }, query: { productId } } }));
}
