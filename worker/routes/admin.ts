// POST /v1/admin/credits/reconcile: compare each user's Durable Object balance with the Postgres
// ledger and repair the object from it. Bearer ADMIN_TOKEN; absent (404) when none is set.
import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../context";
import { problemResponses } from "../errors";
import { userAccount } from "../billing/account";
import { userIdsAfter } from "../accounts/user-store";
import { json, jsonMiddleware, jsonRequest } from "./schemas";
import { defineRoute } from "./define-route";

export const admin = new OpenAPIHono<AppEnv>();

const resultSchema = z.object({ userId: z.uuid(), before: z.number().int(), ledger: z.number().int(), repaired: z.boolean() });

const reconcile = defineRoute({
  method: "post",
  path: "/v1/admin/credits/reconcile",
  tags: ["Admin"],
  summary: "Rebuild balances from the Postgres ledger (one user, or a page of all users)",
  auth: "admin",
  middleware: jsonMiddleware,
  request: jsonRequest(z.strictObject({ userId: z.uuid().optional(), after: z.uuid().optional(), limit: z.number().int().min(1).max(200).default(50) })),
  responses: {
    200: json(z.object({ results: z.array(resultSchema), next: z.uuid().nullable() }).openapi("ReconcilePage"), "What was compared and repaired"),
    ...problemResponses("not_found", "unauthenticated", "invalid_token", "validation_failed"),
  },
});

admin.openapi(reconcile, async (c) => {
  const body = c.req.valid("json");
  const ids = body.userId ? [body.userId] : await userIdsAfter(c.var.services.db(), body.after, body.limit);
  const results = [];
  for (const id of ids) results.push(await userAccount(c.env, id).reconcile(id));
  const next = !body.userId && ids.length === body.limit ? ids[ids.length - 1]! : null;
  return c.json({ results, next }, 200);
});
