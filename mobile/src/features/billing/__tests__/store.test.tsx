// App Store / Google Play purchases through RevenueCat. The store sheet (react-native-purchases)
// is the device's; the rest is the app: configure with our user id, buy the store product that
// matches ours, then poll the balance until the server's RevenueCat webhook has credited it.
import { fireEvent, renderRouter, screen, waitFor } from "expo-router/testing-library";
import { Linking } from "react-native";
import type { Catalogue } from "../../../api/types";
import { storePolling } from "../../../purchases";
import { balance, fakeApi, json, profile, signedInDevice } from "../../../../test/fakeApi";
import { testDevice, testKeychain } from "../../../../test/setup";

const catalogue: Catalogue = {
  products: [
    { id: "dating_credits_5", kind: "credit_pack", productLine: "dating", name: "Starter", credits: 5, priceCents: 999, storeProductId: "firstlook.dating.credits5" },
    {
      id: "dating_unlimited_monthly",
      kind: "unlimited",
      productLine: "dating",
      name: "Unlimited (monthly)",
      period: "month",
      priceCents: 1999,
      storeProductId: "firstlook.dating.unlimited.monthly",
    },
  ],
  creditCosts: { photoAnalysis: 1, bioSet: 1, headshot: 1 },
  headshotSetSize: 4,
};
const user = profile();
const defaults = { ...storePolling };

beforeEach(() => {
  process.env.EXPO_PUBLIC_REVENUECAT_IOS_KEY = "appl_test_key";
  testDevice.store.products = [{ identifier: "firstlook.dating.credits5" }, { identifier: "firstlook.dating.unlimited.monthly" }];
  Object.assign(storePolling, { intervalMs: 10, timeoutMs: 5_000 });
});
afterEach(() => Object.assign(storePolling, defaults));

describe("store purchases (RevenueCat)", () => {
  it("buys the matching store product as our user, then waits for the credits to arrive", async () => {
    const net = fakeApi({
      // Screen load, the snapshot before buying, then polls until the webhook has credited.
      "GET /v1/billing/balance": [json(200, balance(1)), json(200, balance(1)), json(200, balance(1)), json(200, balance(1)), json(200, balance(6))],
      "GET /v1/billing/products": json(200, catalogue),
    });
    signedInDevice(net, testKeychain, user);
    let confirm: () => void = () => undefined;
    testDevice.store.purchase.mockImplementation(() => new Promise((resolve) => (confirm = () => resolve({ customerInfo: {} }))));
    renderRouter("./src/app", { initialUrl: "/credits" });
    expect(await screen.findByText("1 credit")).toBeTruthy();

    fireEvent.press(screen.getByRole("button", { name: "Buy 5 credits for $9.99, Starter pack" }));
    await waitFor(() => expect(testDevice.store.purchase).toHaveBeenCalledTimes(1));
    expect(testDevice.store.configure).toHaveBeenCalledWith({ apiKey: "appl_test_key", appUserID: user.id });
    expect(testDevice.store.getProducts).toHaveBeenCalledWith(["firstlook.dating.credits5"], "NON_SUBSCRIPTION");
    expect(testDevice.store.purchase.mock.calls[0]![0]).toEqual({ identifier: "firstlook.dating.credits5" });

    confirm();
    expect(await screen.findByText("Waiting for the App Store to confirm your purchase…")).toBeTruthy();
    expect(await screen.findByText("6 credits")).toBeTruthy();
    expect(screen.getByText("Added: 5 credits. Thank you!")).toBeTruthy();
    expect(screen.queryByText("Waiting for the App Store to confirm your purchase…")).toBeNull();
    expect(net.to("GET /v1/billing/balance").length).toBeGreaterThanOrEqual(5);
    // Never the web checkout.
    expect(net.to("POST /v1/billing/checkout")).toHaveLength(0);
  });

  it("treats closing the store sheet as a choice: no error, no waiting", async () => {
    const net = fakeApi({ "GET /v1/billing/balance": json(200, balance(1)), "GET /v1/billing/products": json(200, catalogue) });
    signedInDevice(net, testKeychain, user);
    testDevice.store.purchase.mockRejectedValue({ code: "1", message: "Purchase was cancelled.", userCancelled: true });
    renderRouter("./src/app", { initialUrl: "/credits" });
    fireEvent.press(await screen.findByRole("button", { name: "Buy 5 credits for $9.99, Starter pack" }));
    await waitFor(() => expect(testDevice.store.purchase).toHaveBeenCalledTimes(1));
    await waitFor(() => expect(screen.getByRole("button", { name: "Buy 5 credits for $9.99, Starter pack" })).toBeEnabled());
    expect(screen.queryByRole("alert")).toBeNull();
    expect(screen.queryByText(/Waiting for the App Store/)).toBeNull();
    // The balance is read for the screen and once before the sheet; no polling after a cancel.
    expect(net.to("GET /v1/billing/balance")).toHaveLength(2);
  });

  it("says so when the store is slow, and restores purchases on request", async () => {
    Object.assign(storePolling, { intervalMs: 10, timeoutMs: 60 });
    const net = fakeApi({ "GET /v1/billing/balance": json(200, balance(1)), "GET /v1/billing/products": json(200, catalogue) });
    signedInDevice(net, testKeychain, user);
    renderRouter("./src/app", { initialUrl: "/credits" });
    fireEvent.press(await screen.findByRole("button", { name: "Subscribe to Unlimited (monthly) for $19.99 a month" }));
    expect(await screen.findByText(/The App Store hasn't confirmed your purchase yet/)).toBeTruthy();
    expect(testDevice.store.getProducts).toHaveBeenCalledWith(["firstlook.dating.unlimited.monthly"], "SUBSCRIPTION");

    // The confirmation arrives while restoring.
    Object.assign(storePolling, { timeoutMs: 5_000 });
    net.on("GET /v1/billing/balance", json(200, balance(1)), json(200, balance(1, { tier: "unlimited", unlimitedUntil: "2026-12-26T10:00:00.000Z" })));
    fireEvent.press(screen.getByRole("button", { name: "Restore purchases" }));
    expect(await screen.findByText("Unlimited (monthly) is active. Thank you!")).toBeTruthy();
    expect(testDevice.store.restorePurchases).toHaveBeenCalledTimes(1);
    expect(screen.getByLabelText("Balance: unlimited")).toBeTruthy();
    expect(screen.queryByText(/hasn't confirmed your purchase yet/)).toBeNull();
  });

  it("shows the store's problem as a sentence", async () => {
    const net = fakeApi({ "GET /v1/billing/balance": json(200, balance(1)), "GET /v1/billing/products": json(200, catalogue) });
    signedInDevice(net, testKeychain, user);
    testDevice.store.purchase.mockRejectedValue({ code: "3", message: "Purchases are not allowed", userCancelled: false });
    renderRouter("./src/app", { initialUrl: "/credits" });
    fireEvent.press(await screen.findByRole("button", { name: "Buy 5 credits for $9.99, Starter pack" }));
    expect(await screen.findByText("Purchases aren't allowed on this device. Check Screen Time or parental controls.")).toBeTruthy();
  });

  it("without a RevenueCat key for the platform, keeps the web checkout", async () => {
    delete process.env.EXPO_PUBLIC_REVENUECAT_IOS_KEY;
    const open = jest.spyOn(Linking, "openURL").mockResolvedValue(true);
    const net = fakeApi({
      "GET /v1/billing/balance": json(200, balance(1)),
      "GET /v1/billing/products": json(200, catalogue),
      "POST /v1/billing/checkout": json(201, { provider: "stripe", checkoutId: "cs_test_123", url: "https://checkout.stripe.com/c/pay/cs_test_123" }),
    });
    signedInDevice(net, testKeychain, user);
    renderRouter("./src/app", { initialUrl: "/credits" });
    expect(await screen.findByText(/App Store purchases aren't set up in this build/)).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Restore purchases" })).toBeNull();
    expect(screen.queryByRole("button", { name: /Subscribe to/ })).toBeNull();
    fireEvent.press(screen.getByRole("button", { name: "Buy 5 credits for $9.99, Starter pack" }));
    await waitFor(() => expect(open).toHaveBeenCalledWith("https://checkout.stripe.com/c/pay/cs_test_123"));
    expect(net.to("POST /v1/billing/checkout")[0]!.body).toEqual({ productId: "dating_credits_5" });
    expect(testDevice.store.configure).not.toHaveBeenCalled();
    expect(testDevice.store.purchase).not.toHaveBeenCalled();
    open.mockRestore();
  });
});
