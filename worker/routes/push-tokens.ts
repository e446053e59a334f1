// POST/DELETE /v1/me/push-tokens: the device's Expo push token, for completion notifications.
import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../context";
import { registerPushToken, unregisterPushToken } from "../accounts/push-token-store";
import { problemResponses } from "../errors";
import { jsonMiddleware, jsonRequest } from "./schemas";
import { defineRoute } from "./define-route";

export const pushTokenRoutes = new OpenAPIHono<AppEnv>();

const tokenBody = z.strictObject({
  token: z.string().regex(/^(ExponentPushToken|ExpoPushToken)\[[A-Za-z0-9_-]{10,}\]$/, "must be an Expo push token"),
  platform: z.enum(["ios", "android", "web"]),
});

const register = defineRoute({
  method: "post",
  path: "/v1/me/push-tokens",
  tags: ["Accounts"],
  summary: "Register this device for push notifications",
  auth: "user",
  middleware: jsonMiddleware,
  request: jsonRequest(tokenBody),
  responses: { 204: { description: "Registered" }, ...problemResponses("unauthenticated", "invalid_token", "validation_failed") },
});

pushTokenRoutes.openapi(register, async (c) => {
  const { token, platform } = c.req.valid("json");
  // A token moves to whoever signed in last on that device.
  await registerPushToken(c.var.services.db(), c.var.auth.userId, token, platform);
  return c.body(null, 204);
});

const unregister = defineRoute({
  method: "delete",
  path: "/v1/me/push-tokens",
  tags: ["Accounts"],
  summary: "Stop push notifications to this device",
  auth: "user",
  middleware: jsonMiddleware,
  request: jsonRequest(tokenBody.pick({ token: true })),
  responses: { 204: { description: "Removed" }, ...problemResponses("unauthenticated", "invalid_token", "validation_failed") },
});

pushTokenRoutes.openapi(unregister, async (c) => {
  await unregisterPushToken(c.var.services.db(), c.var.auth.userId, c.req.valid("json").token);
  return c.body(null, 204);
});
