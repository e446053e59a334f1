// POST /v1/webhooks/replicate: prediction updates, signed (webhook-id / -timestamp / -signature)
// with REPLICATE_WEBHOOK_SECRET and deduplicated on webhook-id. Late or repeated states are
// ignored by the generation's one-way state rules. Failures answer 5xx so Replicate retries.
import { OpenAPIHono, z } from "@hono/zod-openapi";
import { validateWebhook } from "replicate";
import type { AppEnv } from "../context";
import { ApiError, problemResponses } from "../errors";
import { processOnce } from "../billing/webhooks";
import { applyPrediction } from "../headshots/generations";
import { toStatus } from "../providers/renderer/replicate";
import { json } from "./schemas";
import { defineRoute } from "./define-route";

export const replicateWebhook = new OpenAPIHono<AppEnv>();

const TOLERANCE_SECONDS = 300;

const predictionSchema = z.looseObject({ id: z.string().min(1), status: z.string(), output: z.unknown().optional(), error: z.unknown().optional() });

const route = defineRoute({
  method: "post",
  path: "/v1/webhooks/replicate",
  auth: "public",
  tags: ["Webhooks"],
  summary: "Replicate prediction events (signed with REPLICATE_WEBHOOK_SECRET)",
  responses: {
    200: json(z.object({ received: z.literal(true), outcome: z.string() }), "Processed, duplicate or ignored"),
    ...problemResponses("validation_failed", "not_found", "database_unavailable"),
  },
});

replicateWebhook.openapi(route, async (c) => {
  const secret = c.var.config.REPLICATE_WEBHOOK_SECRET;
  if (!secret) throw new ApiError("not_found", "Replicate is not configured.");
  const body = await c.req.text();
  const id = c.req.header("webhook-id");
  const timestamp = c.req.header("webhook-timestamp");
  const signature = c.req.header("webhook-signature");
  if (!id || !timestamp || !signature) throw new ApiError("validation_failed", "Missing webhook signature headers.");
  if (!/^\d+$/.test(timestamp) || Math.abs(Date.now() / 1000 - Number(timestamp)) > TOLERANCE_SECONDS) {
    throw new ApiError("validation_failed", "Stale webhook timestamp.");
  }
  let valid = false;
  try {
    valid = await validateWebhook({ id, timestamp, signature, body, secret });
  } catch {
    valid = false;
  }
  if (!valid) throw new ApiError("validation_failed", "Bad webhook signature.");

  let prediction: z.infer<typeof predictionSchema>;
  try {
    prediction = predictionSchema.parse(JSON.parse(body));
  } catch {
    throw new ApiError("validation_failed", "The body is not a prediction.");
  }
  const outcome = await processOnce(c.var.services, { provider: "replicate", eventId: id, eventType: `prediction.${prediction.status}` }, () =>
    applyPrediction(c.var.services, toStatus(prediction)),
  );
  return c.json({ received: true as const, outcome }, 200);
});
