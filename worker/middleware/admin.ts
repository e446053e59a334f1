// The operator's routes (/v1/admin/*): Bearer ADMIN_TOKEN, a secret, not a user's access token.
// Without one configured the routes do not exist (404), so a deployment that never set it
// exposes nothing.
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../context";
import { ApiError } from "../errors";
import { bytesEqual, sha256Hex, utf8 } from "../security/encoding";

export const requireAdmin = createMiddleware<AppEnv>(async (c, next) => {
  const expected = c.var.config.ADMIN_TOKEN;
  if (!expected) throw new ApiError("not_found");
  const header = c.req.header("authorization");
  if (!header) throw new ApiError("unauthenticated", "Send the admin token as `Authorization: Bearer <token>`.");
  const given = header.replace(/^Bearer /, "");
  // Hash both sides so the comparison is constant-time whatever the lengths.
  if (!bytesEqual(utf8(await sha256Hex(given)), utf8(await sha256Hex(expected)))) throw new ApiError("invalid_token");
  await next();
});
