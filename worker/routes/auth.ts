// POST /v1/auth/register, /login, /refresh, /logout: accounts shared by both products. The flows
// are accounts/sign-in.ts; here the contract, the per-network rate limits and the answer.
import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../context";
import { problemResponses } from "../errors";
import { clientIp, enforceRateLimit } from "../middleware/rate-limit";
import { callerOf } from "../accounts/account-mail";
import { clientInfo } from "../accounts/audit";
import { rotateRefreshToken } from "../accounts/sessions";
import { registerWithPassword, signInWithPassword, signOut } from "../accounts/sign-in";
import { email, json, jsonMiddleware, jsonRequest, password, personName, secondFactorCode, sessionResponseSchema, tokenPairSchema } from "./schemas";
import { defineRoute } from "./define-route";

export const auth = new OpenAPIHono<AppEnv>();

const register = defineRoute({
  method: "post",
  path: "/v1/auth/register",
  auth: "public",
  tags: ["Accounts"],
  summary: "Create an account (starts with 1 free credit)",
  middleware: jsonMiddleware,
  request: jsonRequest(z.strictObject({ email, password, name: personName.optional() })),
  responses: {
    201: json(sessionResponseSchema, "Account created and signed in"),
    ...problemResponses("validation_failed", "malformed_json", "unsupported_media_type", "email_taken", "rate_limited"),
  },
});

auth.openapi(register, async (c) => {
  await enforceRateLimit(c.env.AUTH_IP_LIMITER, `register:${clientIp(c.req)}`, "sign-up attempts");
  return c.json(await registerWithPassword(c.var.services, callerOf(c.var.config, c.req), c.req.valid("json")), 201);
});

const login = defineRoute({
  method: "post",
  path: "/v1/auth/login",
  auth: "public",
  tags: ["Accounts"],
  summary: "Sign in with email and password (and a TOTP code once two-factor is on)",
  middleware: jsonMiddleware,
  request: jsonRequest(z.strictObject({ email, password: z.string().min(1).max(256), totp: secondFactorCode.optional() })),
  responses: {
    200: json(sessionResponseSchema, "Signed in"),
    ...problemResponses("validation_failed", "malformed_json", "unsupported_media_type", "invalid_credentials", "totp_required", "totp_invalid", "rate_limited"),
  },
});

auth.openapi(login, async (c) => {
  await enforceRateLimit(c.env.AUTH_IP_LIMITER, `login:${clientIp(c.req)}`, "sign-in attempts from this network");
  return c.json(await signInWithPassword(c.var.services, callerOf(c.var.config, c.req), c.req.valid("json")), 200);
});

const refresh = defineRoute({
  method: "post",
  path: "/v1/auth/refresh",
  auth: "public",
  tags: ["Accounts"],
  summary: "Exchange a refresh token for a new pair (the old one stops working)",
  middleware: jsonMiddleware,
  request: jsonRequest(z.strictObject({ refreshToken: z.string().min(1).max(200) })),
  responses: {
    200: json(tokenPairSchema, "New access and refresh tokens"),
    ...problemResponses("validation_failed", "malformed_json", "invalid_refresh_token", "refresh_token_reused", "rate_limited"),
  },
});

auth.openapi(refresh, async (c) => {
  const { refreshToken } = c.req.valid("json");
  await enforceRateLimit(c.env.AUTH_IP_LIMITER, `refresh:${clientIp(c.req)}`, "token refreshes from this network");
  return c.json(await rotateRefreshToken(c.var.services, refreshToken, clientInfo(c.req)), 200);
});

const logout = defineRoute({
  method: "post",
  path: "/v1/auth/logout",
  tags: ["Accounts"],
  summary: "Sign out this session, the session of a refresh token, or every device",
  auth: "user",
  middleware: jsonMiddleware,
  request: jsonRequest(
    z.strictObject({
      refreshToken: z.string().min(1).max(200).optional(),
      allDevices: z.boolean().optional().openapi({ description: "Revoke every session of the account" }),
    }),
  ),
  responses: {
    204: { description: "Signed out" },
    ...problemResponses("unauthenticated", "invalid_token", "invalid_refresh_token", "validation_failed"),
  },
});

auth.openapi(logout, async (c) => {
  await signOut(c.var.services, c.var.auth, c.req.valid("json"));
  return c.body(null, 204);
});
