// Every operation is declared with who may call it. `auth` writes both halves from one word: the
// operation's `security` in /openapi.json and the middleware that enforces it, which runs before
// the route's own (so a caller without a token gets 401 before the body is read). The document
// and the guard cannot disagree, no path pattern elsewhere guards a route, and a token is
// verified once per request. Route files use this, never `createRoute` (scripts/check-structure.ts).
import { createRoute, type RouteConfig } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../context";
import { requireAdmin } from "../middleware/admin";
import { requireAdult } from "../middleware/age-gate";
import { optionalAuth, requireAuth } from "../middleware/auth";

export type RouteAuth =
  /** Anyone: sign-up and sign-in, health, the catalogue, webhooks (which check their own signature). */
  | "public"
  /** A valid access token. */
  | "user"
  /** A valid access token of a user who is 18 or over (every Dating Profile Optimizer route). */
  | "adult"
  /** Anonymous callers too; a token that is sent must be valid (analytics events). */
  | "optional"
  /** The operator's ADMIN_TOKEN, not a user's token. */
  | "admin";

type Security = NonNullable<RouteConfig["security"]>;
const bearer: Security = [{ bearerAuth: [] }];

const guards: Record<RouteAuth, { security: Security | undefined; middleware: MiddlewareHandler<AppEnv>[] }> = {
  public: { security: undefined, middleware: [] },
  user: { security: bearer, middleware: [requireAuth] },
  adult: { security: bearer, middleware: [requireAuth, requireAdult] },
  optional: { security: [...bearer, {}], middleware: [optionalAuth] },
  admin: { security: [{ adminToken: [] }], middleware: [requireAdmin] },
};

type DefinedRoute = Omit<RouteConfig, "path" | "security"> & {
  auth: RouteAuth;
  /** Only on a public route: a scheme its handler checks itself (a webhook's signature). */
  security?: Security;
};

/** `createRoute` with `auth` in place of `security`: see the file's opening comment. */
export function defineRoute<P extends string, R extends DefinedRoute & { path: P }>(config: R) {
  const { auth, middleware, security, ...rest } = config;
  if (security && auth !== "public") throw new Error(`${config.path}: \`security\` is written by \`auth\`; only a public route names its own scheme`);
  const guard = guards[auth];
  const own = middleware === undefined ? [] : Array.isArray(middleware) ? middleware : [middleware];
  return createRoute({ ...rest, path: config.path, security: security ?? guard.security, middleware: [...guard.middleware, ...own] }) as unknown as Omit<R, "auth"> &
    ReturnType<typeof createRoute<P, Omit<R, "auth">>>;
}
