// POST /v1/events: batches of up to 100 analytics events from the apps. Signing in is optional
// (onboarding happens before an account exists), but a token that is sent must be valid: an
// expired one is a 401 the app can fix, not a silent switch to anonymous.
import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../context";
import { problemResponses } from "../errors";
import { eventBatchSchema } from "../analytics/event-types";
import { storeClientEvents } from "../analytics/events";
import { forwardInBackground } from "../analytics/forwarder";
import { json, jsonMiddleware, jsonRequest } from "./schemas";
import { defineRoute } from "./define-route";

export const events = new OpenAPIHono<AppEnv>();

const ingest = defineRoute({
  method: "post",
  path: "/v1/events",
  tags: ["Analytics"],
  summary: "Record a batch of client analytics events (anonymous allowed with a sessionId)",
  description:
    "Each event type has its own properties (unknown types or properties are a 400). Give each event a UUID `id` to make retries " +
    "safe: an id already stored is skipped. Forwarded to Mixpanel after the response when the server is configured to.",
  auth: "optional",
  middleware: jsonMiddleware,
  request: jsonRequest(eventBatchSchema),
  responses: {
    202: json(z.object({ accepted: z.number().int(), duplicates: z.number().int() }).openapi("EventBatchAccepted"), "Stored"),
    ...problemResponses("invalid_token", "validation_failed", "malformed_json", "unsupported_media_type", "payload_too_large"),
  },
});

events.openapi(ingest, async (c) => {
  const batch = c.req.valid("json");
  const userId = c.req.header("authorization") ? c.var.auth.userId : null;
  const stored = await storeClientEvents(c.var.services.db(), { userId, ...batch });
  forwardInBackground(c.var.config, (p) => c.executionCtx.waitUntil(p), stored, c.var.log);
  return c.json({ accepted: stored.length, duplicates: batch.events.length - stored.length }, 202);
});
