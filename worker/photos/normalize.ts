// Upload normalisation: the stored copy is upright, at most 2048 px on the long side, re-encoded
// as JPEG without metadata (no EXIF, no GPS), plus a <= 384 px thumbnail.
//
// Two paths, chosen from the header alone:
// - The Images binding (Cloudflare's image pipeline in production, sharp locally) for upright
//   JPEGs and opaque PNG/WebP: the common case (the apps resize on the device and upload upright
//   JPEGs). Native resizing and encoding, outside the isolate's CPU budget.
// - Decoding in WASM (orientation applied by our decoder) and re-encoding with mozjpeg for
//   everything the local binding would get wrong, so dev and production never store different
//   files: JPEGs with an EXIF orientation other than 1 (production auto-orients, the local
//   emulation does not: cloudflare/workers-sdk#15029, so neither passing nor omitting `rotate`
//   is right in both) and images with transparency (the local emulation ignores the output
//   `background` and would flatten onto black). It is also the fallback when the binding fails.
import mozjpegEncFactory from "@jsquash/jpeg/codec/enc/mozjpeg_enc.js";
import encWasm from "@jsquash/jpeg/codec/enc/mozjpeg_enc.wasm";
import { defaultOptions } from "@jsquash/jpeg/meta.js";
import { decodeImage, readDimensions, type ImageHeader } from "../imaging/decode";
import { scaleDownTo, streamOf } from "../storage/images";

export const MAX_STORED_SIDE = 2048;
export const THUMBNAIL_SIDE = 384;

interface Encoder {
  encode(data: Uint8ClampedArray, width: number, height: number, options: typeof defaultOptions): Uint8Array;
}
let encoder: Promise<Encoder> | undefined;

function jpegEncoder(): Promise<Encoder> {
  encoder ??= (mozjpegEncFactory as unknown as (opts: object) => Promise<Encoder>)({
    noInitialRun: true,
    instantiateWasm(imports: WebAssembly.Imports, done: (instance: WebAssembly.Instance) => void) {
      const instance = new WebAssembly.Instance(encWasm, imports);
      done(instance);
      return instance.exports;
    },
  });
  return encoder;
}

export async function encodeJpeg(data: Uint8ClampedArray, width: number, height: number, quality = 85): Promise<Uint8Array> {
  const enc = await jpegEncoder();
  // Copy out of the codec's heap: the view is overwritten by the next call.
  return enc.encode(data, width, height, { ...defaultOptions, quality, progressive: true }).slice();
}

/** Area-average (box filter) downscale of RGBA so the long side is at most `maxSide`. */
export function downscaleRgba(data: Uint8ClampedArray, width: number, height: number, maxSide: number) {
  const scale = Math.max(width, height) / maxSide;
  if (scale <= 1) return { data, width, height };
  const w = Math.max(1, Math.round(width / scale));
  const h = Math.max(1, Math.round(height / scale));
  const out = new Uint8ClampedArray(w * h * 4);
  const sx = width / w;
  const sy = height / h;
  for (let oy = 0; oy < h; oy++) {
    const y0 = Math.floor(oy * sy);
    const y1 = Math.max(y0 + 1, Math.min(height, Math.floor((oy + 1) * sy)));
    for (let ox = 0; ox < w; ox++) {
      const x0 = Math.floor(ox * sx);
      const x1 = Math.max(x0 + 1, Math.min(width, Math.floor((ox + 1) * sx)));
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let y = y0; y < y1; y++) {
        let i = (y * width + x0) * 4;
        for (let x = x0; x < x1; x++, i += 4) {
          r += data[i]!;
          g += data[i + 1]!;
          b += data[i + 2]!;
          a += data[i + 3]!;
        }
      }
      const n = (y1 - y0) * (x1 - x0);
      const o = (oy * w + ox) * 4;
      out[o] = r / n;
      out[o + 1] = g / n;
      out[o + 2] = b / n;
      out[o + 3] = a / n;
    }
  }
  return { data: out, width: w, height: h };
}

/** JPEG cannot carry transparency: flatten onto white, as a light UI shows it. */
function flatten(data: Uint8ClampedArray) {
  for (let i = 0; i < data.length; i += 4) {
    const a = data[i + 3]!;
    if (a === 255) continue;
    const k = a / 255;
    data[i] = data[i]! * k + 255 * (1 - k);
    data[i + 1] = data[i + 1]! * k + 255 * (1 - k);
    data[i + 2] = data[i + 2]! * k + 255 * (1 - k);
    data[i + 3] = 255;
  }
}

export interface NormalizedPhoto {
  jpeg: Uint8Array;
  thumbnail: Uint8Array;
  width: number;
  height: number;
  /** Which path made it (see the top of this file). */
  via: "images-binding" | "wasm";
}

/**
 * The stored copy and thumbnail of an upload whose header has already been read and guarded.
 * Throws ImagingError for a file that turns out to be damaged when its pixels are decoded.
 */
export async function normalizePhoto(bytes: Uint8Array, images?: ImagesBinding): Promise<NormalizedPhoto> {
  const header = readDimensions(bytes);
  if (images && bindingSafe(bytes, header)) {
    try {
      return await normalizeWithBinding(images, bytes, header);
    } catch {
      // A file the binding cannot read (damaged, or an outage): the WASM path decides, and
      // answers a damaged file with a precise corrupt_image.
    }
  }
  return normalizeInWasm(bytes);
}

/** True when the local emulation and production produce the same picture for this file. */
export function bindingSafe(bytes: Uint8Array, header: ImageHeader): boolean {
  if (header.type === "jpeg") return header.orientation === 1;
  if (header.type === "png") return !pngHasTransparency(bytes);
  return !webpHasTransparency(bytes);
}

/** PNG colour types 4 and 6 carry alpha; a tRNS chunk (before IDAT) makes other types transparent. */
function pngHasTransparency(b: Uint8Array): boolean {
  if (b.length < 26) return true;
  const colourType = b[25];
  if (colourType === 4 || colourType === 6) return true;
  let at = 8;
  while (at + 8 <= b.length) {
    const length = ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
    const type = String.fromCharCode(b[at + 4]!, b[at + 5]!, b[at + 6]!, b[at + 7]!);
    if (type === "tRNS") return true;
    if (type === "IDAT" || type === "IEND") return false;
    at += 12 + length;
  }
  return false;
}

/** Lossy VP8 has no alpha; VP8L may; VP8X says so in its flags. */
function webpHasTransparency(b: Uint8Array): boolean {
  const chunk = String.fromCharCode(b[12] ?? 0, b[13] ?? 0, b[14] ?? 0, b[15] ?? 0);
  if (chunk === "VP8 ") return false;
  if (chunk === "VP8X") return ((b[20] ?? 0) & 0x10) !== 0;
  return true;
}

async function normalizeWithBinding(images: ImagesBinding, bytes: Uint8Array, header: ImageHeader): Promise<NormalizedPhoto> {
  const encode = async (max: number, quality: number) => {
    const result = await images.input(streamOf(bytes)).transform(scaleDownTo(header, max)).output({ format: "image/jpeg", quality });
    return new Uint8Array(await result.response().arrayBuffer());
  };
  const [jpeg, thumbnail] = await Promise.all([encode(MAX_STORED_SIDE, 85), encode(THUMBNAIL_SIDE, 78)]);
  const stored = readDimensions(jpeg);
  return { jpeg, thumbnail, width: stored.width, height: stored.height, via: "images-binding" };
}

/** Decodes once (guarded), then writes the stored copy and its thumbnail. */
async function normalizeInWasm(bytes: Uint8Array): Promise<NormalizedPhoto> {
  const decoded = await decodeImage(bytes);
  const big = downscaleRgba(decoded.data, decoded.width, decoded.height, MAX_STORED_SIDE);
  flatten(big.data);
  const jpeg = await encodeJpeg(big.data, big.width, big.height, 85);
  const small = downscaleRgba(big.data, big.width, big.height, THUMBNAIL_SIDE);
  const thumbnail = await encodeJpeg(small.data, small.width, small.height, 78);
  return { jpeg, thumbnail, width: big.width, height: big.height, via: "wasm" };
}
