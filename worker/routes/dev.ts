// GET /dev/mailbox?to=<email>: mail the dev mailbox provider kept (no SendGrid key; development
// and tests only). Absent (404) in staging and production, where mail goes through SendGrid.
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { AppEnv } from "../context";
import { ApiError, problemResponses } from "../errors";
import { devMailboxAllowed } from "../providers/email";
import { readDevMailbox } from "../providers/email/dev-mailbox";
import { email, json } from "./schemas";

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

const mailbox = createRoute({
  method: "get",
  path: "/dev/mailbox",
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
