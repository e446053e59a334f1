// POST /v1/webhooks/revenuecat: App Store / Play purchases and subscriptions, via RevenueCat.
// Authenticated by the Authorization value set in the RevenueCat dashboard, deduplicated on the
// event id, mapped to actions by worker/domain/revenuecat.ts. Any failure answers 5xx so
// RevenueCat retries; every action is idempotent, so the retry applies exactly once.
import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../context";
import { ApiError, problemResponses } from "../errors";
import { applyRevenueCatEvent } from "../billing/webhooks";
import { bytesEqual, sha256Hex, utf8 } from "../security/encoding";
import { json } from "./schemas";
import { defineRoute } from "./define-route";

export const revenuecatWebhook = new OpenAPIHono<AppEnv>();

const ms = z.number().int().nonnegative();
const ids = z.array(z.string().max(200)).max(100);

// Loose objects: RevenueCat adds fields over time, and only these are read.
const eventSchema = z.looseObject({
  id: z.string().min(1).max(200),
  type: z.string().min(1).max(64),
  app_user_id: z.string().max(200).nullish(),
  original_app_user_id: z.string().max(200).nullish(),
  aliases: ids.nullish(),
  product_id: z.string().max(200).nullish(),
  transaction_id: z.string().max(200).nullish(),
  original_transaction_id: z.string().max(200).nullish(),
  event_timestamp_ms: ms,
  purchased_at_ms: ms.nullish(),
  expiration_at_ms: ms.nullish(),
  price: z.number().nullish(),
  currency: z.string().max(8).nullish(),
  cancel_reason: z.string().max(64).nullish(),
  transferred_from: ids.nullish(),
  transferred_to: ids.nullish(),
  environment: z.string().max(32).nullish(),
});

const webhookSchema = z.looseObject({ api_version: z.string().optional(), event: eventSchema }).openapi("RevenueCatWebhook");

// Documented by reference only: a zod schema in the route would be validated before the
// Authorization check, and unauthenticated bodies must not be looked at.
revenuecatWebhook.openAPIRegistry.register("RevenueCatWebhook", webhookSchema);
revenuecatWebhook.openAPIRegistry.registerComponent("securitySchemes", "revenuecatAuth", {
  type: "apiKey",
  in: "header",
  name: "Authorization",
  description: "The authorization header value configured in the RevenueCat dashboard (REVENUECAT_WEBHOOK_AUTH).",
});

const route = defineRoute({
  method: "post",
  path: "/v1/webhooks/revenuecat",
  auth: "public",
  tags: ["Webhooks"],
  summary: "RevenueCat events (Authorization header = REVENUECAT_WEBHOOK_AUTH)",
  security: [{ revenuecatAuth: [] }],
  request: { body: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/RevenueCatWebhook" } } } } },
  responses: {
    200: json(z.object({ received: z.literal(true), outcome: z.string() }), "Processed, already processed, or nothing to do"),
    ...problemResponses("validation_failed", "malformed_json", "invalid_token", "not_found", "database_unavailable"),
  },
});

revenuecatWebhook.openapi(route, async (c) => {
  const expected = c.var.config.REVENUECAT_WEBHOOK_AUTH;
  if (!expected) throw new ApiError("not_found", "RevenueCat is not configured.");
  // Hash both sides so the comparison is constant-time whatever the lengths.
  const given = c.req.header("authorization") ?? "";
  if (!bytesEqual(utf8(await sha256Hex(given)), utf8(await sha256Hex(expected)))) {
    throw new ApiError("invalid_token", "Wrong or missing Authorization header.");
  }

  let parsed: unknown;
  try {
    parsed = JSON.parse(await c.req.text());
  } catch {
    throw new ApiError("malformed_json");
  }
  const body = webhookSchema.safeParse(parsed);
  if (!body.success) {
    const errors = body.error.issues.map((i) => ({ path: i.path.length ? i.path.join(".") : "(body)", message: i.message }));
    throw new ApiError("validation_failed", errors.map((e) => `${e.path}: ${e.message}`).join("; "), { errors });
  }
  return c.json({ received: true as const, outcome: await applyRevenueCatEvent(c.var.services, body.data.event) }, 200);
});
