// GET /dev/mailbox?to=<email>: mail the dev mailbox provider kept (no SendGrid key; development
// and tests only). Absent (404) in staging and production, where mail goes through SendGrid.
import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../context";
import { ApiError, problemResponses } from "../errors";
import { devMailboxAllowed } from "../providers/email";
import { readDevMailbox } from "../providers/email/dev-mailbox";
import { email, json, jsonMiddleware, jsonRequest } from "./schemas";
import { optionalJsonBody } from "../middleware/json-body";
import { userAccount } from "../billing/account";
import { commitSpend, reserveSpend } from "../billing/spend";
import { defineRoute } from "./define-route";

export const dev = new OpenAPIHono<AppEnv>();

const storedEmailSchema = z
  .object({
    id: z.string(),
    from: z.object({ email: z.string(), name: z.string().optional() }),
    to: z.string(),
    subject: z.string(),
    text: z.string(),
    html: z.string(),
    sentAt: z.iso.datetime(),
  })
  .openapi("DevMailboxMessage");

const mailbox = defineRoute({
  method: "get",
  path: "/dev/mailbox",
  auth: "public",
  tags: ["Development"],
  summary: "Mail sent to an address by the local mail provider, newest first (development only; 404 in staging and production)",
  request: { query: z.object({ to: email, limit: z.coerce.number().int().min(1).max(100).default(20) }) },
  responses: {
    200: json(z.object({ to: z.string(), messages: z.array(storedEmailSchema) }).openapi("DevMailbox"), "The messages"),
    ...problemResponses("validation_failed", "not_found"),
  },
});

dev.openapi(mailbox, async (c) => {
  if (!devMailboxAllowed(c.var.config)) throw new ApiError("not_found", `No route for ${c.req.method} ${c.req.path}.`);
  const { to, limit } = c.req.valid("query");
  c.header("cache-control", "no-store");
  return c.json({ to, messages: await readDevMailbox(c.env.PHOTOS, to, limit) }, 200);
});

// Credits for local demos and the ledger benchmark: grant to yourself, and spend one credit as a
// job would (reserve, then commit). Development and tests only, like the mailbox.
const devOnly = (c: { var: AppEnv["Variables"]; req: { method: string; path: string } }) => {
  const env = c.var.config.ENVIRONMENT;
  if (env !== "development" && env !== "test") throw new ApiError("not_found", `No route for ${c.req.method} ${c.req.path}.`);
};

const grant = defineRoute({
  method: "post",
  path: "/dev/credits/grant",
  tags: ["Development"],
  summary: "Give yourself credits (development only; 404 in staging and production)",
  auth: "user",
  middleware: jsonMiddleware,
  request: jsonRequest(z.strictObject({ amount: z.number().int().min(1).max(1_000_000) })),
  responses: { 200: json(z.object({ balance: z.number().int() }), "New balance"), ...problemResponses("not_found", "unauthenticated", "validation_failed") },
});

dev.openapi(grant, async (c) => {
  devOnly(c);
  const { userId } = c.var.auth;
  const result = await userAccount(c.env, userId).grant(userId, c.req.valid("json").amount, "dev_grant", `dev:${userId}:${crypto.randomUUID()}`);
  return c.json({ balance: result.account.balance }, 200);
});

const spend = defineRoute({
  method: "post",
  path: "/dev/credits/spend",
  tags: ["Development"],
  summary: "Reserve and commit one credit, as a job does (development only; the ledger benchmark)",
  description: "No body, or an empty JSON object.",
  auth: "user",
  middleware: optionalJsonBody,
  request: { body: { required: false, content: { "application/json": { schema: z.strictObject({}) } } } },
  responses: {
    200: json(z.object({ balance: z.number().int() }), "Spent"),
    ...problemResponses("not_found", "unauthenticated", "insufficient_credits", "malformed_json", "unsupported_media_type", "validation_failed"),
  },
});

dev.openapi(spend, async (c) => {
  devOnly(c);
  const { userId } = c.var.auth;
  const reservation = await reserveSpend(c.var.services, { userId, amount: 1, key: `dev-spend:${crypto.randomUUID()}`, ttlSeconds: 60 });
  const done = await commitSpend(c.var.services, userId, reservation.id);
  return c.json({ balance: done.ok ? done.account.balance : 0 }, 200);
});
