// POST/DELETE /v1/me/push-tokens: the device's Expo push token, for completion notifications.
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { and, eq } from "drizzle-orm";
import type { AppEnv } from "../context";
import { pushTokens } from "../db/schema";
import { problemResponses } from "../errors";
import { bearerSecurity, jsonMiddleware, jsonRequest } from "./schemas";

export const pushTokenRoutes = new OpenAPIHono<AppEnv>();
// Auth: the /v1/me/* guard in app.ts (once per request).

const tokenBody = z.strictObject({
  token: z.string().regex(/^(ExponentPushToken|ExpoPushToken)\[[A-Za-z0-9_-]{10,}\]$/, "must be an Expo push token"),
  platform: z.enum(["ios", "android", "web"]),
});

const register = createRoute({
  method: "post",
  path: "/v1/me/push-tokens",
  tags: ["Accounts"],
  summary: "Register this device for push notifications",
  security: bearerSecurity,
  middleware: jsonMiddleware,
  request: jsonRequest(tokenBody),
  responses: { 204: { description: "Registered" }, ...problemResponses("unauthenticated", "invalid_token", "validation_failed") },
});

pushTokenRoutes.openapi(register, async (c) => {
  const { token, platform } = c.req.valid("json");
  // A token moves to whoever signed in last on that device.
  await c.var
    .db()
    .insert(pushTokens)
    .values({ token, platform, userId: c.var.auth.userId })
    .onConflictDoUpdate({ target: pushTokens.token, set: { userId: c.var.auth.userId, platform } });
  return c.body(null, 204);
});

const unregister = createRoute({
  method: "delete",
  path: "/v1/me/push-tokens",
  tags: ["Accounts"],
  summary: "Stop push notifications to this device",
  security: bearerSecurity,
  middleware: jsonMiddleware,
  request: jsonRequest(tokenBody.pick({ token: true })),
  responses: { 204: { description: "Removed" }, ...problemResponses("unauthenticated", "invalid_token", "validation_failed") },
});

pushTokenRoutes.openapi(unregister, async (c) => {
  await c.var
    .db()
    .delete(pushTokens)
    .where(and(eq(pushTokens.token, c.req.valid("json").token), eq(pushTokens.userId, c.var.auth.userId)));
  return c.body(null, 204);
});
