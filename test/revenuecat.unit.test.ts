// Unit tests of the pure RevenueCat event -> actions mapping (worker/domain/revenuecat.ts).
import { describe, expect, it } from "vitest";
import { planRevenueCatEvent, resolveUsers, subjectCandidates, type RevenueCatEvent, type ResolvedUsers } from "../worker/domain/revenuecat";

const USER = "6f1c2a9e-0b7d-4c3e-9a51-2d8f4b6e7c10";
const OTHER = "0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d";
const AT = 1_760_000_000_000;
const EXP = AT + 30 * 86_400_000;
const PACK = "firstlook.dating.credits15";
const MONTHLY = "firstlook.headshots.unlimited.monthly";

const event = (over: Partial<RevenueCatEvent>): RevenueCatEvent => ({
  id: "evt-1",
  type: "NON_RENEWING_PURCHASE",
  app_user_id: USER,
  product_id: PACK,
  transaction_id: "txn-1",
  event_timestamp_ms: AT,
  purchased_at_ms: AT - 1000,
  expiration_at_ms: null,
  price: 24.99,
  currency: "EUR",
  ...over,
});
const subject: ResolvedUsers = { subject: USER, from: [], to: [] };

describe("resolving RevenueCat ids to our users", () => {
  it("prefers app_user_id, then original_app_user_id, then aliases; only UUIDs; case-insensitive", () => {
    const e = event({ app_user_id: "$RCAnonymousID:abc", original_app_user_id: OTHER.toUpperCase(), aliases: [USER, "x"] });
    expect(subjectCandidates(e)).toEqual([OTHER, USER]);
    expect(resolveUsers(e, new Set([USER])).subject).toBe(USER);
    expect(resolveUsers(e, new Set([USER, OTHER])).subject).toBe(OTHER);
    expect(resolveUsers(e, new Set()).subject).toBeNull();
  });

  it("resolves both sides of a TRANSFER", () => {
    const e = event({ type: "TRANSFER", app_user_id: null, transferred_from: [USER.toUpperCase(), "$RCAnonymousID:1"], transferred_to: [OTHER] });
    expect(resolveUsers(e, new Set([USER, OTHER]))).toEqual({ subject: null, from: [USER], to: [OTHER] });
  });
});

describe("planning a RevenueCat event", () => {
  it("NON_RENEWING_PURCHASE of a pack: purchase row, then a grant keyed by the transaction", () => {
    const p = planRevenueCatEvent(event({}), subject);
    expect(p.outcome).toBe("granted");
    expect(p.actions).toEqual([
      {
        kind: "record_purchase",
        userId: USER,
        purchase: { transactionId: "txn-1", productId: "dating_credits_15", creditsPurchased: 15, amountCents: 2499, currency: "USD", purchasedAt: AT - 1000, status: "completed" },
      },
      expect.objectContaining({ kind: "grant", userId: USER, amount: 15, key: "rc:txn-1", reason: "purchase:dating_credits_15" }),
    ]);
  });

  it("INITIAL_PURCHASE of a pack grants the same way (same key, so never twice)", () => {
    const p = planRevenueCatEvent(event({ type: "INITIAL_PURCHASE" }), subject);
    expect(p.actions.map((a) => a.kind)).toEqual(["record_purchase", "grant"]);
    expect(p.actions[1]).toMatchObject({ key: "rc:txn-1" });
  });

  it("a pack without a transaction id grants nothing", () => {
    expect(planRevenueCatEvent(event({ transaction_id: null }), subject)).toEqual({ outcome: "missing_transaction_id", actions: [] });
  });

  it.each(["INITIAL_PURCHASE", "RENEWAL"])("%s of an unlimited plan: purchase row (no credits) and the entitlement", (type) => {
    const p = planRevenueCatEvent(event({ type, product_id: MONTHLY, expiration_at_ms: EXP }), subject);
    expect(p.outcome).toBe("unlimited");
    expect(p.actions).toEqual([
      { kind: "record_purchase", userId: USER, purchase: expect.objectContaining({ productId: "headshots_unlimited_monthly", creditsPurchased: null, status: "active" }) },
      { kind: "entitlement", userId: USER, change: { at: AT, unlimitedUntil: EXP, productId: "headshots_unlimited_monthly" } },
    ]);
  });

  it.each(["UNCANCELLATION", "PRODUCT_CHANGE"])("%s of an unlimited plan: entitlement only", (type) => {
    const p = planRevenueCatEvent(event({ type, product_id: MONTHLY, expiration_at_ms: EXP }), subject);
    expect(p.actions).toEqual([{ kind: "entitlement", userId: USER, change: { at: AT, unlimitedUntil: EXP, productId: "headshots_unlimited_monthly" } }]);
  });

  it("an unlimited plan event without an expiration changes nothing", () => {
    expect(planRevenueCatEvent(event({ type: "RENEWAL", product_id: MONTHLY, expiration_at_ms: null }), subject).outcome).toBe("missing_expiration");
  });

  it("CANCELLATION keeps access until the expiration, restated at the event's time", () => {
    const p = planRevenueCatEvent(event({ type: "CANCELLATION", cancel_reason: "UNSUBSCRIBE", product_id: MONTHLY, expiration_at_ms: EXP }), subject);
    expect(p).toEqual({
      outcome: "auto_renew_off",
      actions: [{ kind: "entitlement", userId: USER, change: { at: AT, unlimitedUntil: EXP, productId: "headshots_unlimited_monthly" } }],
    });
  });

  it("CANCELLATION by CUSTOMER_SUPPORT (a refund) revokes now and marks the purchase refunded", () => {
    const p = planRevenueCatEvent(event({ type: "CANCELLATION", cancel_reason: "CUSTOMER_SUPPORT", product_id: MONTHLY, expiration_at_ms: EXP }), subject);
    expect(p).toEqual({
      outcome: "revoked",
      actions: [
        { kind: "entitlement", userId: USER, change: { at: AT, unlimitedUntil: null, productId: null } },
        { kind: "mark_refunded", transactionId: "txn-1", refundedCredits: null },
      ],
    });
  });

  it("a refunded pack is clawed back once, keyed by the transaction", () => {
    const p = planRevenueCatEvent(event({ type: "CANCELLATION", cancel_reason: "CUSTOMER_SUPPORT" }), subject);
    expect(p.outcome).toBe("clawed_back");
    expect(p.actions).toEqual([
      expect.objectContaining({ kind: "clawback", userId: USER, amount: 15, key: "rc-refund:txn-1" }),
      { kind: "mark_refunded", transactionId: "txn-1", refundedCredits: 15 },
    ]);
  });

  it("EXPIRATION removes the entitlement at the event's time", () => {
    const p = planRevenueCatEvent(event({ type: "EXPIRATION", product_id: MONTHLY, expiration_at_ms: AT }), subject);
    expect(p).toEqual({ outcome: "expired", actions: [{ kind: "entitlement", userId: USER, change: { at: AT, unlimitedUntil: null, productId: null } }] });
  });

  it("BILLING_ISSUE changes nothing (grace period)", () => {
    expect(planRevenueCatEvent(event({ type: "BILLING_ISSUE", product_id: MONTHLY }), subject)).toEqual({ outcome: "billing_issue", actions: [] });
  });

  it("TRANSFER revokes the old owners and entitles the new ones when the expiration is known", () => {
    const users = { subject: null, from: [USER], to: [OTHER] };
    const revoke = { kind: "entitlement", userId: USER, change: { at: AT, unlimitedUntil: null, productId: null } };
    expect(planRevenueCatEvent(event({ type: "TRANSFER", product_id: null, expiration_at_ms: null }), users)).toEqual({
      outcome: "transferred_without_expiration",
      actions: [revoke],
    });
    expect(planRevenueCatEvent(event({ type: "TRANSFER", product_id: MONTHLY, expiration_at_ms: EXP }), users)).toEqual({
      outcome: "transferred",
      actions: [revoke, { kind: "entitlement", userId: OTHER, change: { at: AT, unlimitedUntil: EXP, productId: "headshots_unlimited_monthly" } }],
    });
    expect(planRevenueCatEvent(event({ type: "TRANSFER" }), { subject: null, from: [], to: [] }).outcome).toBe("unknown_user");
  });

  it("TEST, unknown users, unknown products and other types do nothing", () => {
    expect(planRevenueCatEvent(event({ type: "TEST" }), { subject: null, from: [], to: [] })).toEqual({ outcome: "test", actions: [] });
    expect(planRevenueCatEvent(event({}), { subject: null, from: [], to: [] })).toEqual({ outcome: "unknown_user", actions: [] });
    expect(planRevenueCatEvent(event({ product_id: "com.other.app.coins" }), subject)).toEqual({ outcome: "unknown_product", actions: [] });
    expect(planRevenueCatEvent(event({ type: "SUBSCRIPTION_PAUSED" }), subject)).toEqual({ outcome: "ignored", actions: [] });
    expect(planRevenueCatEvent(event({ type: "RENEWAL" }), subject)).toEqual({ outcome: "unexpected_product", actions: [] });
    expect(planRevenueCatEvent(event({ type: "NON_RENEWING_PURCHASE", product_id: MONTHLY, expiration_at_ms: EXP }), subject).outcome).toBe("unexpected_product");
  });
});
