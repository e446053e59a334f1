// POST /v1/admin/credits/reconcile: compare each user's Durable Object balance with the Postgres
// ledger and repair the object from it. Bearer ADMIN_TOKEN; absent (404) when none is set.
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../context";
import { ApiError, problemResponses } from "../errors";
import { userAccount } from "../billing/account";
import { userIdsAfter } from "../accounts/user-store";
import { bytesEqual, sha256Hex, utf8 } from "../security/encoding";
import { json, jsonMiddleware, jsonRequest } from "./schemas";

export const admin = new OpenAPIHono<AppEnv>();

// The operator's token, not a user's access token: its own scheme, so the document does not
// promise that a signed-in user's JWT opens this route.
admin.openAPIRegistry.registerComponent("securitySchemes", "adminToken", {
  type: "http",
  scheme: "bearer",
  description: "The operator's ADMIN_TOKEN (a secret), not a user's access token.",
});

const requireAdmin = createMiddleware<AppEnv>(async (c, next) => {
  const expected = c.var.config.ADMIN_TOKEN;
  if (!expected) throw new ApiError("not_found");
  const header = c.req.header("authorization");
  if (!header) throw new ApiError("unauthenticated", "Send the admin token as `Authorization: Bearer <token>`.");
  const given = header.replace(/^Bearer /, "");
  // Hash both sides so the comparison is constant-time whatever the lengths.
  if (!bytesEqual(utf8(await sha256Hex(given)), utf8(await sha256Hex(expected)))) throw new ApiError("invalid_token");
  await next();
});

const resultSchema = z.object({ userId: z.uuid(), before: z.number().int(), ledger: z.number().int(), repaired: z.boolean() });

const reconcile = createRoute({
  method: "post",
  path: "/v1/admin/credits/reconcile",
  tags: ["Admin"],
  summary: "Rebuild balances from the Postgres ledger (one user, or a page of all users)",
  security: [{ adminToken: [] }],
  middleware: [requireAdmin, ...jsonMiddleware],
  request: jsonRequest(z.strictObject({ userId: z.uuid().optional(), after: z.uuid().optional(), limit: z.number().int().min(1).max(200).default(50) })),
  responses: {
    200: json(z.object({ results: z.array(resultSchema), next: z.uuid().nullable() }).openapi("ReconcilePage"), "What was compared and repaired"),
    ...problemResponses("not_found", "unauthenticated", "invalid_token", "validation_failed"),
  },
});

admin.openapi(reconcile, async (c) => {
  const body = c.req.valid("json");
  const ids = body.userId ? [body.userId] : await userIdsAfter(c.var.db(), body.after, body.limit);
  const results = [];
  for (const id of ids) results.push(await userAccount(c.env, id).reconcile(id));
  const next = !body.userId && ids.length === body.limit ? ids[ids.length - 1]! : null;
  return c.json({ results, next }, 200);
});
