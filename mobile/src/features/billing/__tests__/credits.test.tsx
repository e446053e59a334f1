import { fireEvent, renderRouter, screen, waitFor } from "expo-router/testing-library";
import type { Catalogue } from "../../../api/types";
import { balance, fakeApi, json, problem, profile, signedInDevice } from "../../../../test/fakeApi";
import { testKeychain } from "../../../../test/setup";

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
const CHECKOUT = "sandbox_0f0e0d0c-0b0a-4908-8706-050403020100";

describe("Credits & purchase", () => {
  it("buys a pack through the sandbox checkout and shows the new balance", async () => {
    const net = fakeApi({
      "GET /v1/billing/balance": json(200, balance(1)),
      "GET /v1/billing/products": json(200, catalogue),
      "POST /v1/billing/checkout": json(201, { provider: "sandbox", checkoutId: CHECKOUT, url: `http://127.0.0.1:8787/sandbox/${CHECKOUT}` }),
      [`POST /v1/billing/sandbox/${CHECKOUT}`]: json(200, { granted: true, balance: balance(6) }),
    });
    signedInDevice(net, testKeychain);
    renderRouter("./src/app", { initialUrl: "/credits" });
    expect(await screen.findByText("1 credit")).toBeTruthy();
    expect(net.to("GET /v1/billing/products")[0]!.url.searchParams.get("productLine")).toBe("dating");

    fireEvent.press(screen.getByRole("button", { name: "Buy 5 credits for $9.99, Starter pack" }));
    expect(await screen.findByText("Sandbox checkout")).toBeTruthy();
    expect(net.to("POST /v1/billing/checkout")[0]!.body).toEqual({ productId: "dating_credits_5" });
    expect(net.to("POST /v1/billing/checkout")[0]!.headers.get("idempotency-key")).toMatch(/^dating_credits_5-/);

    fireEvent.press(screen.getByRole("button", { name: "Complete sandbox purchase ($9.99)" }));
    expect(await screen.findByText("6 credits")).toBeTruthy();
    expect(screen.getByText("Added: 5 credits (sandbox, no money moved).")).toBeTruthy();
    expect(net.to(`POST /v1/billing/sandbox/${CHECKOUT}`)[0]!.url.searchParams.get("productId")).toBe("dating_credits_5");
  });

  it("asks to confirm the email before buying, and resends the link", async () => {
    const net = fakeApi({
      "GET /v1/billing/balance": json(200, balance(1)),
      "GET /v1/billing/products": json(200, catalogue),
      "POST /v1/auth/verify-email/resend": json(202, { expiresAt: "2026-11-27T10:00:00.000Z" }),
      "POST /v1/billing/checkout": problem("email_not_verified", 403),
    });
    signedInDevice(net, testKeychain, profile({ emailVerified: false }));
    renderRouter("./src/app", { initialUrl: "/credits" });
    expect(await screen.findByText("Confirm your email to buy credits")).toBeTruthy();
    fireEvent.press(screen.getByRole("button", { name: "Send the link again" }));
    expect(await screen.findByText(/We sent a new confirmation link to sam@example.com/)).toBeTruthy();
    fireEvent.press(screen.getByRole("button", { name: "Buy 5 credits for $9.99, Starter pack" }));
    expect(await screen.findByText("Please confirm your email address first. Check your inbox for the link.")).toBeTruthy();
  });

  it("says how many credits are on hold for a generation in progress", async () => {
    const net = fakeApi({ "GET /v1/billing/balance": json(200, balance(2, { held: 1 })), "GET /v1/billing/products": json(200, catalogue) });
    signedInDevice(net, testKeychain);
    renderRouter("./src/app", { initialUrl: "/credits" });
    expect(await screen.findByText("2 credits")).toBeTruthy();
    expect(screen.getByText("1 more credit is on hold for work in progress: given back if it fails.")).toBeTruthy();
  });

  it("shows an error state with retry", async () => {
    const net = fakeApi({ "GET /v1/billing/balance": [problem("internal_error", 500), json(200, balance(2))], "GET /v1/billing/products": json(200, catalogue) });
    signedInDevice(net, testKeychain);
    renderRouter("./src/app", { initialUrl: "/credits" });
    expect(await screen.findByText("Something went wrong on our side. Please try again.")).toBeTruthy();
    fireEvent.press(screen.getByRole("button", { name: "Try again" }));
    await waitFor(() => expect(screen.getByText("2 credits")).toBeTruthy());
  });
});
