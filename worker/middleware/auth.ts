// Bearer access tokens, checked by the guard each route declares (routes/define-route.ts).
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../context";
import { ApiError } from "../errors";
import { loadSigningKeys, verifyAccessToken } from "../security/tokens";

export const requireAuth = createMiddleware<AppEnv>(async (c, next) => {
  // Browsers cannot set headers on a WebSocket, so upgrades may carry the token in the query.
  const queryToken = c.req.header("upgrade")?.toLowerCase() === "websocket" ? c.req.query("access_token") : undefined;
  const header = c.req.header("authorization") ?? (queryToken ? `Bearer ${queryToken}` : undefined);
  if (!header) throw new ApiError("unauthenticated", "Send an access token as `Authorization: Bearer <token>`.");
  const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(header);
  if (!match) throw new ApiError("invalid_token", "The Authorization header must be `Bearer <token>`.");
  const config = c.var.config;
  const keys = await loadSigningKeys(c.env.JWT_SIGNING_KEYS!, config.JWT_SIGNING_KEYS);
  try {
    c.set("auth", await verifyAccessToken(keys, config.JWT_ISSUER, match[1]!));
  } catch {
    throw new ApiError("invalid_token");
  }
  await next();
});

/** Anonymous callers pass; a token that is sent must be valid (an expired one is a 401 the app can fix). */
export const optionalAuth = createMiddleware<AppEnv>(async (c, next) => (c.req.header("authorization") ? requireAuth(c, next) : next()));
