// Stores an image and its thumbnail in R2 under the user's prefix. Thumbnails are made by the
// Images binding (sharp locally), which also strips metadata.
import type { Env } from "../env";

export interface StoredImage {
  key: string;
  thumbnailKey: string;
  width: number;
  height: number;
}

export const streamOf = (bytes: Uint8Array) => new Response(bytes).body!;

/**
 * Scales the long side down to `maxSide` (never up). Only the long side is given: the binding's
 * local emulation ignores `fit` and pads to a box when both sides are.
 */
export function scaleDownTo(size: { width: number; height: number }, maxSide: number): ImageTransform {
  if (Math.max(size.width, size.height) <= maxSide) return {};
  return size.width >= size.height ? { width: maxSide, fit: "scale-down" } : { height: maxSide, fit: "scale-down" };
}

/**
 * A copy at most `maxSide` px on its long side (JPEG), made by the binding: what the imaging core
 * measures a rendered headshot on, instead of decoding the full-size output in the isolate.
 */
export async function workingCopy(env: Env, bytes: Uint8Array, size: { width: number; height: number }, maxSide: number): Promise<Uint8Array> {
  const out = await env.IMAGES.input(streamOf(bytes)).transform(scaleDownTo(size, maxSide)).output({ format: "image/jpeg", quality: 92 });
  return new Uint8Array(await out.response().arrayBuffer());
}

const THUMBNAIL_WIDTH = 384;

export async function storeImageWithThumbnail(env: Env, key: string, bytes: Uint8Array, contentType: string): Promise<StoredImage> {
  const info = await env.IMAGES.info(streamOf(bytes));
  const thumb = await env.IMAGES.input(streamOf(bytes)).transform({ width: THUMBNAIL_WIDTH, fit: "scale-down" }).output({ format: "image/webp", quality: 80 });
  const thumbnailKey = `${key.replace(/\.[a-z0-9]+$/i, "")}.thumb.webp`;
  await Promise.all([
    env.PHOTOS.put(key, bytes, { httpMetadata: { contentType } }),
    env.PHOTOS.put(thumbnailKey, await thumb.response().arrayBuffer(), { httpMetadata: { contentType: "image/webp" } }),
  ]);
  const size = "width" in info ? { width: info.width, height: info.height } : { width: 0, height: 0 };
  return { key, thumbnailKey, ...size };
}
