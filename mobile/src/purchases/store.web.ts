// The web build buys through the web checkout (Stripe, or the sandbox): no store SDK bundled.
import type { Product } from "../api/types";

export type StoreOutcome = "purchased" | "pending" | "cancelled";

export class StoreError extends Error {}

export const storeAvailable = (): boolean => false;
export const storeName = "web";
export const storeCode = (): "app_store" | "play_store" => "app_store";
export const buyFromStore = async (_product: Product, _userId: string): Promise<StoreOutcome> => {
  throw new StoreError("Store purchases are available in the iOS and Android apps.");
};
export const restoreFromStore = async (_userId: string): Promise<void> => undefined;
export const signOutOfStore = async (): Promise<void> => undefined;
export const resetStoreForTests = (): void => undefined;
