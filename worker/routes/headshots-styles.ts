// GET /v1/headshots/styles: the style picker's data, cacheable with ETag / If-None-Match. Served
// without a database round trip (headshots/style-catalogue.ts).
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { AppEnv } from "../context";
import { activeStyles } from "../headshots/style-catalogue";
import { sha256Hex } from "../security/encoding";
import { json } from "./schemas";

export const headshotStyles = new OpenAPIHono<AppEnv>();

export const styleSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    previewUrl: z.string().nullable(),
    industryFocus: z.array(z.string()),
    formalityLevel: z.string().nullable(),
    subscriptionRequired: z.boolean(),
    sortOrder: z.number().int(),
    background: z.string().nullable(),
    attire: z.string().nullable(),
  })
  .openapi("HeadshotStyle");

const route = createRoute({
  method: "get",
  path: "/v1/headshots/styles",
  tags: ["Headshots"],
  summary: "Headshot styles, in display order (premium ones need Unlimited)",
  responses: {
    200: json(z.object({ styles: z.array(styleSchema) }).openapi("HeadshotStyles"), "Active styles"),
    304: { description: "Not modified (If-None-Match matched the ETag)" },
  },
});

headshotStyles.openapi(route, async (c) => {
  const rows = await activeStyles(c.var.db, (p) => c.executionCtx.waitUntil(p));
  const styles = rows.map((s) => ({
    id: s.id,
    name: s.name,
    description: s.description,
    previewUrl: s.previewUrl,
    industryFocus: s.industryFocus ?? [],
    formalityLevel: s.formalityLevel,
    subscriptionRequired: s.subscriptionRequired,
    sortOrder: s.sortOrder,
    background: s.background,
    attire: s.attire,
  }));
  const etag = `"${(await sha256Hex(JSON.stringify(styles))).slice(0, 32)}"`;
  c.header("etag", etag);
  c.header("cache-control", "public, max-age=60, must-revalidate");
  if (c.req.header("if-none-match") === etag) return c.body(null, 304);
  return c.json({ styles }, 200);
});
