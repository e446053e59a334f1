// Buying credits and plans.
// - On a phone whose build has a RevenueCat key (see store.ts): the App Store / Google Play sheet,
//   then wait for the server's RevenueCat webhook to credit the account (the balance changes).
// - On the web, or without a key: a checkout from POST /v1/billing/checkout, opened in the
//   browser (Stripe), or, when the server has no Stripe key, a sandbox checkout completed in-app
//   and labelled as such.
import { Linking, Platform } from "react-native";
import { api, unwrap } from "../api/client";
import type { Balance, Checkout } from "../api/types";
import { track } from "../analytics";

export { buyFromStore, restoreFromStore, signOutOfStore, storeAvailable, storeCode, storeName, StoreError, type StoreOutcome } from "./store";
import { storeAvailable } from "./store";

/** Store purchases are on in this build, on this platform. */
export const storePurchasesAvailable = (): boolean => Platform.OS !== "web" && storeAvailable();

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

/** How often and how long to wait for the store's confirmation to reach the server. */
export const storePolling = { intervalMs: 2_000, timeoutMs: 90_000 };

/** The purchase reached the account: credits, debt, tier or plan end moved. */
export const balanceChanged = (before: Balance, now: Balance) =>
  now.balance !== before.balance || now.debt !== before.debt || now.tier !== before.tier || now.unlimitedUntil !== before.unlimitedUntil;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls GET /v1/billing/balance until it differs from `before` (the webhook arrived) and returns
 * the new balance, or null on timeout or when `stopped()` says the screen is gone. Network
 * failures while waiting are retried: the purchase itself already went through.
 */
export async function waitForStoreCredit(before: Balance, stopped: () => boolean = () => false): Promise<Balance | null> {
  const deadline = Date.now() + storePolling.timeoutMs;
  while (Date.now() < deadline) {
    await sleep(storePolling.intervalMs);
    if (stopped()) return null;
    try {
      const now = await unwrap(api.GET("/v1/billing/balance"));
      if (balanceChanged(before, now)) return now;
    } catch {
      // Offline for a moment: keep waiting.
    }
  }
  return null;
}
