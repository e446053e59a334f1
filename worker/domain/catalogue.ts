// What we sell and what things cost, for both products, in one place. Prices are in USD cents.
// `storeProductId` is the App Store / Play product id RevenueCat reports in its webhooks.

/** The two products; one list for the catalogue, the billing routes and the analytics events. */
export const productLines = ["dating", "headshots"] as const;
export type ProductLine = (typeof productLines)[number];

export interface CreditPack {
  id: string;
  kind: "credit_pack";
  productLine: ProductLine;
  name: string;
  credits: number;
  priceCents: number;
  storeProductId: string;
}

export interface UnlimitedPlan {
  id: string;
  kind: "unlimited";
  productLine: ProductLine;
  name: string;
  period: "month" | "year";
  priceCents: number;
  storeProductId: string;
}

export type Product = CreditPack | UnlimitedPlan;

const pack = (productLine: ProductLine, credits: number, priceCents: number, name: string): CreditPack => ({
  id: `${productLine}_credits_${credits}`,
  kind: "credit_pack",
  productLine,
  name,
  credits,
  priceCents,
  storeProductId: `firstlook.${productLine}.credits${credits}`,
});

const unlimited = (productLine: ProductLine, period: "month" | "year", priceCents: number): UnlimitedPlan => ({
  id: `${productLine}_unlimited_${period === "month" ? "monthly" : "annual"}`,
  kind: "unlimited",
  productLine,
  name: `Unlimited (${period === "month" ? "monthly" : "annual"})`,
  period,
  priceCents,
  storeProductId: `firstlook.${productLine}.unlimited.${period === "month" ? "monthly" : "annual"}`,
});

export const catalogue: readonly Product[] = [
  pack("dating", 5, 999, "Starter"),
  pack("dating", 15, 2499, "Popular"),
  pack("dating", 40, 4999, "Best value"),
  unlimited("dating", "month", 1999),
  unlimited("dating", "year", 11999),
  pack("headshots", 5, 1499, "Starter"),
  pack("headshots", 15, 3499, "Popular"),
  pack("headshots", 40, 6999, "Best value"),
  unlimited("headshots", "month", 2999),
  unlimited("headshots", "year", 17999),
];

/** Credits each action costs (unlimited plans pay nothing). `headshot` buys a set of headshotSetSize images. */
export const creditCosts = {
  photoAnalysis: 1,
  bioSet: 1,
  headshot: 1,
} as const;

/**
 * Headshots come in sets: one credit buys up to this many images of one style. Peers deliver
 * dozens of images per purchase; at the headshot packs' prices ($3.00 to $1.75 a credit) a set of
 * 4 is $0.44-0.75 an image, while a render costs ~$0.04 at Replicate (flux-kontext-pro), ~$0.08
 * with the likeness check's one re-render: the margin carries it.
 */
export const headshotSetSize = 4;

/** The most images one generation may ask for (4 credits). */
export const maxHeadshotImages = 16;

/** Credits for `images` headshots: whole sets, rounded up. */
export const headshotCredits = (images: number) => Math.ceil(images / headshotSetSize) * creditCosts.headshot;

export const productById = (id: string) => catalogue.find((p) => p.id === id);
export const productByStoreId = (storeId: string) => catalogue.find((p) => p.storeProductId === storeId);
