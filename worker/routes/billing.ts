// Credits and purchases: GET /v1/billing/products, /balance, /purchases; POST /v1/billing/checkout;
// the offline sandbox checkout (no Stripe key, never in production).
import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../context";
import { problemResponses } from "../errors";
import { catalogue, creditCosts, headshotSetSize, productLines } from "../domain/catalogue";
import { userAccount } from "../billing/account";
import { listPurchases } from "../billing/purchases";
import { completeSandboxCheckout, startCheckout } from "../billing/checkout";
import { json, jsonMiddleware, jsonRequest, pageQuery, pageSchema } from "./schemas";
import { defineRoute } from "./define-route";

export const billing = new OpenAPIHono<AppEnv>();

const productSchema = z
  .object({
    id: z.string(),
    kind: z.enum(["credit_pack", "unlimited"]),
    productLine: z.enum(productLines),
    name: z.string(),
    credits: z.number().int().optional(),
    period: z.enum(["month", "year"]).optional(),
    priceCents: z.number().int(),
    storeProductId: z.string(),
  })
  .openapi("Product");

const products = defineRoute({
  method: "get",
  path: "/v1/billing/products",
  auth: "public",
  tags: ["Billing"],
  summary: "Credit packs and unlimited plans for both apps, with what each action costs",
  request: { query: z.object({ productLine: z.enum(productLines).optional() }) },
  responses: {
    200: json(
      z
        .object({
          products: z.array(productSchema),
          creditCosts: z.object({ photoAnalysis: z.number(), bioSet: z.number(), headshot: z.number().openapi({ description: "Credits per set of `headshotSetSize` headshots" }) }),
          headshotSetSize: z.number().int().openapi({ description: "Images one headshot credit buys (a set); you pay for delivered images in whole sets" }),
        })
        .openapi("Catalogue"),
      "The catalogue",
    ),
  },
});

billing.openapi(products, (c) => {
  const { productLine } = c.req.valid("query");
  c.header("cache-control", "public, max-age=300");
  return c.json({ products: catalogue.filter((p) => !productLine || p.productLine === productLine), creditCosts, headshotSetSize }, 200);
});

const accountSchema = z
  .object({
    balance: z.number().int().openapi({ description: "Credits available now" }),
    debt: z.number().int().openapi({ description: "Credits owed after a refund; paid off by the next purchase" }),
    tier: z.enum(["free", "credits", "unlimited"]),
    unlimitedUntil: z.iso.datetime().nullable(),
    productId: z.string().nullable(),
    held: z.number().int().openapi({ description: "Credits on hold for work in progress (already taken out of balance; given back if it fails)" }),
    pendingSync: z.number().int().openapi({ description: "Changes not yet written to the ledger database" }),
  })
  .openapi("Balance");

const balance = defineRoute({
  method: "get",
  path: "/v1/billing/balance",
  tags: ["Billing"],
  summary: "Credit balance and entitlement (read from the user's account object: always current)",
  auth: "user",
  responses: { 200: json(accountSchema, "Balance"), ...problemResponses("unauthenticated", "invalid_token") },
});

billing.openapi(balance, async (c) => {
  const { userId } = c.var.auth;
  return c.json(await userAccount(c.env, userId).balance(userId), 200);
});

const purchaseSchema = z
  .object({
    id: z.uuid(),
    provider: z.enum(["stripe", "revenuecat", "sandbox"]),
    productId: z.string(),
    amountCents: z.number().int().nullable(),
    currency: z.string().nullable(),
    creditsPurchased: z.number().int().nullable(),
    refundedCredits: z.number().int(),
    status: z.string(),
    purchaseDate: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
  })
  .openapi("Purchase");

const purchasesRoute = defineRoute({
  method: "get",
  path: "/v1/billing/purchases",
  tags: ["Billing"],
  summary: "Your purchases, newest first (cursor pagination)",
  auth: "user",
  request: { query: pageQuery({ default: 20, max: 100 }) },
  responses: {
    200: json(pageSchema(purchaseSchema, "PurchasePage"), "A page of purchases"),
    ...problemResponses("unauthenticated", "invalid_token", "validation_failed", "invalid_cursor"),
  },
});

billing.openapi(purchasesRoute, async (c) => {
  const { limit, cursor } = c.req.valid("query");
  const page = await listPurchases(c.var.services.read(), c.var.auth.userId, limit, cursor);
  return c.json(
    {
      items: page.items.map((p) => ({
        id: p.id,
        provider: p.provider,
        productId: p.productId,
        amountCents: p.amountCents,
        currency: p.currency,
        creditsPurchased: p.creditsPurchased,
        refundedCredits: p.refundedCredits,
        status: p.purchaseStatus,
        purchaseDate: p.purchaseDate?.toISOString() ?? null,
        createdAt: p.createdAt.toISOString(),
      })),
      nextCursor: page.next,
    },
    200,
  );
});

const checkout = defineRoute({
  method: "post",
  path: "/v1/billing/checkout",
  tags: ["Billing"],
  summary: "Start a web checkout for a credit pack (Stripe; an offline sandbox when no key is set)",
  description: "Send an `Idempotency-Key` header: retrying with the same key returns the same checkout.",
  auth: "user",
  middleware: jsonMiddleware,
  request: {
    ...jsonRequest(z.strictObject({ productId: z.string().max(64) })),
    headers: z.object({ "idempotency-key": z.string().min(8).max(128).optional() }),
  },
  responses: {
    201: json(
      z.object({ provider: z.enum(["stripe", "sandbox"]), checkoutId: z.string(), url: z.url() }).openapi("Checkout"),
      "Open `url` to pay. `sandbox` means no real payment provider is configured.",
    ),
    ...problemResponses("unauthenticated", "invalid_token", "validation_failed", "not_found", "email_not_verified"),
  },
});

billing.openapi(checkout, async (c) => {
  const checkoutStarted = await startCheckout(c.var.services, c.var.auth.userId, {
    productId: c.req.valid("json").productId,
    idempotencyKey: c.req.valid("header")["idempotency-key"],
    origin: new URL(c.req.url).origin,
  });
  return c.json(checkoutStarted, 201);
});

const sandboxComplete = defineRoute({
  method: "post",
  path: "/v1/billing/sandbox/{checkoutId}",
  tags: ["Billing"],
  summary: "Complete a sandbox checkout (offline demo only; absent when Stripe is configured)",
  auth: "user",
  request: {
    params: z.object({ checkoutId: z.string().regex(/^sandbox_[0-9a-f-]{36}$/) }),
    query: z.object({ productId: z.string().max(64) }),
  },
  responses: {
    200: json(z.object({ granted: z.boolean(), balance: accountSchema }), "Credits granted (once per checkout id)"),
    ...problemResponses("unauthenticated", "invalid_token", "not_found", "validation_failed"),
  },
});

billing.openapi(sandboxComplete, async (c) => {
  const result = await completeSandboxCheckout(c.var.services, c.var.auth.userId, { checkoutId: c.req.valid("param").checkoutId, productId: c.req.valid("query").productId });
  return c.json({ granted: result.applied, balance: result.account }, 200);
});
