// Style previews: each style's example image, made by the product's own local preview renderer
// from one public-domain portrait the project ships (preview-portrait.jpg: NASA's portrait of
// Eileen Collins, "no known copyright restrictions, released into the public domain"; see
// worker/headshots/README.md). Rendered once and kept in R2 under a key that names the style and
// a hash of everything the picture depends on (its render parameters and PREVIEW_RENDER_VERSION),
// so a style edited by a migration gets a new preview and an unchanged one is never re-rendered.
//
// `npm run dev` and the deploy step render them all right after migrating (scripts/lib/stack.ts,
// `npm run previews:render`); a request for one that is missing renders it then, so a preview can
// never 404 for a style that exists.
import type { Env } from "../env";
import { localPreviewRenderer } from "../providers/renderer/local-preview";
import { sha256Hex } from "../security/encoding";
import type { StyleRow } from "./style-catalogue";
import portrait from "./preview-portrait.jpg";

/** Bump when the renderer's output for the same parameters changes (new keys, old ones ignored). */
export const PREVIEW_RENDER_VERSION = 1;

export const previewPath = (styleId: string) => `/v1/headshots/styles/${encodeURIComponent(styleId)}/preview.jpg`;

export async function previewKey(style: Pick<StyleRow, "id" | "renderParams">): Promise<string> {
  const fingerprint = await sha256Hex(JSON.stringify({ v: PREVIEW_RENDER_VERSION, params: style.renderParams ?? null }));
  return `styles/previews/${style.id}-${fingerprint.slice(0, 16)}.jpg`;
}

export interface StylePreview {
  key: string;
  body: ReadableStream | Uint8Array<ArrayBuffer>;
  size: number;
  etag: string;
  /** True when this call rendered it (it was not in R2 yet). */
  rendered: boolean;
}

/** The style's preview from R2, rendering and storing it first if it is not there. */
export async function stylePreview(env: Env, style: StyleRow): Promise<StylePreview> {
  const key = await previewKey(style);
  const stored = await env.PHOTOS.get(key);
  if (stored) return { key, body: stored.body, size: stored.size, etag: stored.httpEtag, rendered: false };
  const [image] = await localPreviewRenderer(env).render(new Uint8Array(portrait), {
    generationId: `style-preview-${style.id}`,
    selfieKey: "headshots/preview-portrait.jpg",
    selfieUrl: "",
    style,
    count: 1,
    existingPredictions: 0,
  });
  // Two first requests racing both render the same bytes to the same key: harmless.
  const put = await env.PHOTOS.put(key, image!.bytes, {
    httpMetadata: { contentType: "image/jpeg" },
    customMetadata: { style: style.id, renderer: "local-preview", source: "preview-portrait.jpg (public domain)" },
  });
  return { key, body: image!.bytes as Uint8Array<ArrayBuffer>, size: image!.bytes.byteLength, etag: put.httpEtag, rendered: true };
}
