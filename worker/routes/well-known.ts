// GET /.well-known/jwks.json: the public keys that verify our access tokens.
import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../context";
import { loadSigningKeys } from "../security/tokens";
import { json } from "./schemas";
import { defineRoute } from "./define-route";

export const wellKnown = new OpenAPIHono<AppEnv>();

const jwks = defineRoute({
  method: "get",
  path: "/.well-known/jwks.json",
  auth: "public",
  tags: ["Operations"],
  summary: "Public signing keys (JWKS) for access tokens",
  responses: {
    200: json(z.object({ keys: z.array(z.record(z.string(), z.unknown())) }).openapi("JWKS"), "Every key that may have signed a live token"),
  },
});

wellKnown.openapi(jwks, async (c) => {
  const keys = await loadSigningKeys(c.env.JWT_SIGNING_KEYS!, c.var.config.JWT_SIGNING_KEYS);
  c.header("cache-control", "public, max-age=300");
  return c.json({ keys: keys.jwks.keys as Record<string, unknown>[] }, 200);
});
