// GET /v1/me/security-events: the account's audit log (sign-ins, new devices, password and
// email changes, two-factor changes, refresh-token reuse), newest first, cursor-paginated.
import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../context";
import { problemResponses } from "../errors";
import { listSecurityEvents } from "../accounts/audit";
import { json, pageQuery, pageSchema } from "./schemas";
import { defineRoute } from "./define-route";

export const securityEventRoutes = new OpenAPIHono<AppEnv>();

const eventSchema = z
  .object({
    id: z.string().openapi({ description: "Opaque, increasing" }),
    type: z.string().openapi({ example: "new_device_sign_in" }),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    details: z.record(z.string(), z.unknown()).nullable(),
    createdAt: z.iso.datetime(),
  })
  .openapi("SecurityEvent");

const list = defineRoute({
  method: "get",
  path: "/v1/me/security-events",
  tags: ["Accounts"],
  summary: "Your account's security events, newest first (cursor pagination)",
  auth: "user",
  request: { query: pageQuery({ default: 20, max: 100 }) },
  responses: {
    200: json(pageSchema(eventSchema, "SecurityEventPage"), "A page of events"),
    ...problemResponses("unauthenticated", "invalid_token", "validation_failed", "invalid_cursor"),
  },
});

securityEventRoutes.openapi(list, async (c) => {
  const { limit, cursor } = c.req.valid("query");
  const page = await listSecurityEvents(c.var.services.db(), c.var.auth.userId, limit, cursor);
  return c.json(
    {
      items: page.items.map((e) => ({
        id: String(e.id),
        type: e.type,
        ip: e.ip,
        userAgent: e.userAgent,
        details: e.details ?? null,
        createdAt: e.createdAt.toISOString(),
      })),
      nextCursor: page.next,
    },
    200,
  );
});
