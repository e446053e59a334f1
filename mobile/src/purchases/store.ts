// App Store / Google Play purchases through RevenueCat (react-native-purchases). The SDK is
// configured with our user id as RevenueCat's appUserID, so the server's RevenueCat webhook
// (/v1/webhooks/revenuecat) credits the right account; the app then waits for the balance to
// change. The SDK is loaded on first use only (it is a native module: jest and the web build
// never load it; the web build uses store.web.ts). Without a key for this platform
// (EXPO_PUBLIC_REVENUECAT_IOS_KEY / _ANDROID_KEY) the store is off and the web checkout is used.
import { Platform } from "react-native";
import type { Product } from "../api/types";
import { revenueCatKey } from "../config";

type Sdk = typeof import("react-native-purchases");
type Purchases = Sdk["default"];

let sdk: Sdk | null | undefined;
function loadSdk(): Sdk | null {
  if (sdk === undefined) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      sdk = require("react-native-purchases") as Sdk;
    } catch {
      sdk = null;
    }
  }
  return sdk;
}

/** True on a phone whose build has a RevenueCat key for its store. */
export function storeAvailable(): boolean {
  return (Platform.OS === "ios" || Platform.OS === "android") && revenueCatKey() !== undefined && loadSdk() !== null;
}

export const storeName = Platform.OS === "ios" ? "App Store" : Platform.OS === "android" ? "Google Play" : "web";
export const storeCode = (): "app_store" | "play_store" => (Platform.OS === "ios" ? "app_store" : "play_store");

/** Who the SDK currently buys for: null before configure, or after a sign-out (anonymous). */
let configured = false;
let currentUser: string | null = null;

async function purchasesFor(userId: string): Promise<Purchases> {
  const Purchases = loadSdk()?.default;
  const apiKey = revenueCatKey();
  if (!Purchases || !apiKey) throw new StoreError(`${storeName} purchases aren't set up in this build.`);
  if (!configured) {
    Purchases.configure({ apiKey, appUserID: userId });
    configured = true;
    currentUser = userId;
  } else if (currentUser !== userId) {
    await Purchases.logIn(userId);
    currentUser = userId;
  }
  return Purchases;
}

/** A store problem, as a sentence for the screen. */
export class StoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StoreError";
  }
}

interface SdkError {
  code?: string;
  message?: string;
  userCancelled?: boolean | null;
}

function storeError(err: unknown): StoreError {
  const e = (err ?? {}) as SdkError;
  switch (e.code) {
    case "2":
      return new StoreError(`The ${storeName} had a problem. Please try again in a moment.`);
    case "3":
      return new StoreError("Purchases aren't allowed on this device. Check Screen Time or parental controls.");
    case "5":
      return new StoreError(`The ${storeName} doesn't offer this right now. Try again later.`);
    case "6":
      return new StoreError(`You already own this. Tap "Restore purchases".`);
    case "10":
      return new StoreError(`You're offline or the ${storeName} can't be reached. Check your connection and try again.`);
    default:
      return new StoreError(e.message ? `The ${storeName} said: ${e.message}` : `The ${storeName} purchase didn't go through. Please try again.`);
  }
}

const CANCELLED = "1";
const PENDING = "20";

export type StoreOutcome = "purchased" | "pending" | "cancelled";

/** Opens the store's purchase sheet for our product (matched by its store product id). */
export async function buyFromStore(product: Product, userId: string): Promise<StoreOutcome> {
  const Purchases = await purchasesFor(userId);
  const category = product.kind === "credit_pack" ? Purchases.PRODUCT_CATEGORY.NON_SUBSCRIPTION : Purchases.PRODUCT_CATEGORY.SUBSCRIPTION;
  let items: Awaited<ReturnType<Purchases["getProducts"]>>;
  try {
    items = await Purchases.getProducts([product.storeProductId], category);
  } catch (err) {
    throw storeError(err);
  }
  // Play reports subscriptions as "productId:basePlanId".
  const item = items.find((p) => p.identifier === product.storeProductId || p.identifier.startsWith(`${product.storeProductId}:`));
  if (!item) throw new StoreError(`The ${storeName} doesn't offer ${product.name} right now. Try again later.`);
  try {
    await Purchases.purchaseStoreProduct(item);
    return "purchased";
  } catch (err) {
    const e = (err ?? {}) as SdkError;
    if (e.userCancelled === true || e.code === CANCELLED) return "cancelled";
    if (e.code === PENDING) return "pending";
    throw storeError(err);
  }
}

/** "Restore purchases": asks the store for this account's purchases again. */
export async function restoreFromStore(userId: string): Promise<void> {
  const Purchases = await purchasesFor(userId);
  try {
    await Purchases.restorePurchases();
  } catch (err) {
    throw storeError(err);
  }
}

/** At sign-out: the next purchases on this device are not this account's. */
export async function signOutOfStore(): Promise<void> {
  const Purchases = loadSdk()?.default;
  if (!configured || !Purchases || currentUser === null) return;
  currentUser = null;
  try {
    await Purchases.logOut();
  } catch {
    // Already anonymous.
  }
}

/** Tests start each case with an unconfigured SDK. */
export function resetStoreForTests(): void {
  configured = false;
  currentUser = null;
}
