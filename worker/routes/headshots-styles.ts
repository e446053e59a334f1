// GET /v1/headshots/styles: the style picker's data, cacheable with ETag / If-None-Match. Served
// without a database round trip (headshots/style-catalogue.ts).
// GET /v1/headshots/styles/{id}/preview.jpg: the style's example image (headshots/style-previews.ts).
import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../context";
import { creditCosts, headshotSetSize, maxHeadshotImages } from "../domain/catalogue";
import { ApiError, problemResponses } from "../errors";
import { activeStyles } from "../headshots/style-catalogue";
import { previewPath, stylePreview } from "../headshots/style-previews";
import { sha256Hex } from "../security/encoding";
import { json } from "./schemas";
import { defineRoute } from "./define-route";

export const headshotStyles = new OpenAPIHono<AppEnv>();

/** How dressed-up a style is. An enum in the contract, so the apps label every value; a value the
 * catalogue has that is not listed here is shown as null rather than leaked as a code. */
export const formalityLevels = ["formal", "professional", "smart_casual", "casual"] as const;
type FormalityLevel = (typeof formalityLevels)[number];
const formalityOf = (value: string | null): FormalityLevel | null => ((formalityLevels as readonly string[]).includes(value ?? "") ? (value as FormalityLevel) : null);

export const styleSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    previewUrl: z.url().openapi({ description: "The style's example image: the project's public-domain portrait through this style's local preview pipeline" }),
    industryFocus: z.array(z.string()),
    formalityLevel: z.enum(formalityLevels).nullable(),
    subscriptionRequired: z.boolean(),
    sortOrder: z.number().int(),
    background: z.string().nullable(),
    attire: z.string().nullable(),
  })
  .openapi("HeadshotStyle");

const route = defineRoute({
  method: "get",
  path: "/v1/headshots/styles",
  auth: "public",
  tags: ["Headshots"],
  summary: "Headshot styles, in display order (premium ones need Unlimited)",
  responses: {
    200: json(
      z
        .object({
          styles: z.array(styleSchema),
          pricing: z
            .object({
              imagesPerSet: z.number().int().openapi({ description: "Headshots one set delivers (of one style)" }),
              creditsPerSet: z.number().int(),
              maxImages: z.number().int().openapi({ description: "The most images one generation may ask for" }),
            })
            .openapi("HeadshotPricing"),
        })
        .openapi("HeadshotStyles"),
      "Active styles and what a set costs",
    ),
    304: { description: "Not modified (If-None-Match matched the ETag)" },
  },
});

headshotStyles.openapi(route, async (c) => {
  const rows = await activeStyles(c.var.services.db, c.var.services.waitUntil);
  const styles = rows.map((s) => ({
    id: s.id,
    name: s.name,
    description: s.description,
    // Seeded as a path served below (migration 0004); a full URL would point elsewhere (a CDN).
    previewUrl: new URL(s.previewUrl ?? previewPath(s.id), c.req.url).toString(),
    industryFocus: s.industryFocus ?? [],
    formalityLevel: formalityOf(s.formalityLevel),
    subscriptionRequired: s.subscriptionRequired,
    sortOrder: s.sortOrder,
    background: s.background,
    attire: s.attire,
  }));
  const pricing = { imagesPerSet: headshotSetSize, creditsPerSet: creditCosts.headshot, maxImages: maxHeadshotImages };
  const etag = `"${(await sha256Hex(JSON.stringify({ styles, pricing }))).slice(0, 32)}"`;
  c.header("etag", etag);
  c.header("cache-control", "public, max-age=60, must-revalidate");
  if (c.req.header("if-none-match") === etag) return c.body(null, 304);
  return c.json({ styles, pricing }, 200);
});

const previewRoute = defineRoute({
  method: "get",
  path: "/v1/headshots/styles/{id}/preview.jpg",
  auth: "public",
  tags: ["Headshots"],
  summary: "A style's preview image (public; rendered once by the local preview pipeline, then stored)",
  request: { params: z.object({ id: z.string().min(1).max(64) }) },
  responses: {
    200: { description: "The preview (JPEG)", content: { "image/jpeg": { schema: z.string().openapi({ format: "binary" }) } } },
    304: { description: "Not modified (If-None-Match matched the ETag)" },
    ...problemResponses("not_found"),
  },
});

headshotStyles.openapi(previewRoute, async (c) => {
  const { id } = c.req.valid("param");
  const styles = await activeStyles(c.var.services.db, c.var.services.waitUntil);
  const style = styles.find((s) => s.id === id);
  if (!style) throw new ApiError("not_found", "There is no headshot style with this id.");
  const preview = await stylePreview(c.env, style);
  const headers = {
    etag: preview.etag,
    // The key changes whenever the picture would: a day in caches is safe, revalidation is cheap.
    "cache-control": "public, max-age=86400",
    "cross-origin-resource-policy": "cross-origin",
  };
  if (c.req.header("if-none-match") === preview.etag) {
    if (preview.body instanceof ReadableStream) await preview.body.cancel();
    return new Response(null, { status: 304, headers });
  }
  return new Response(preview.body, { headers: { ...headers, "content-type": "image/jpeg", "content-length": String(preview.size) } });
});
