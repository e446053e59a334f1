// GET /v1/files?key&expires&sig: streams a private R2 object through a short-lived signed link.
import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../context";
import { ApiError, problemResponses } from "../errors";
import { verifySignedFile } from "../security/signed-url";
import { defineRoute } from "./define-route";

export const files = new OpenAPIHono<AppEnv>();

const route = defineRoute({
  method: "get",
  path: "/v1/files",
  auth: "public",
  tags: ["Files"],
  summary: "Download a photo or headshot through a signed link (links expire after minutes)",
  request: {
    query: z.object({ key: z.string().startsWith("users/").max(300), expires: z.coerce.number().int(), sig: z.string().max(100) }),
  },
  responses: {
    200: { description: "The image bytes", content: { "image/*": { schema: z.string().openapi({ format: "binary" }) } } },
    ...problemResponses("not_found", "invalid_token", "validation_failed"),
  },
});

files.openapi(route, async (c) => {
  const { key, expires, sig } = c.req.valid("query");
  if (!(await verifySignedFile(c.var.config.URL_SIGNING_KEY, key, expires, sig))) {
    throw new ApiError("invalid_token", "This link is invalid or has expired.");
  }
  const object = await c.env.PHOTOS.get(key);
  if (!object) throw new ApiError("not_found", "This file no longer exists.");
  return new Response(object.body, {
    headers: {
      "content-type": object.httpMetadata?.contentType ?? "application/octet-stream",
      "content-length": String(object.size),
      "cache-control": `private, max-age=${Math.max(0, expires - Math.floor(Date.now() / 1000))}`,
      etag: object.httpEtag,
      // Signed links are the authorisation: the web demo (another origin) may show the images.
      "cross-origin-resource-policy": "cross-origin",
    },
  });
});
