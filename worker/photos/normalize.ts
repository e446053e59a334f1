// Upload normalisation: the stored photo is re-encoded from decoded pixels, so it is upright
// (EXIF orientation applied by the decoder), at most 2048 px on the long side, and carries no
// metadata at all (no EXIF, no GPS). The Images binding is not used for this because its local
// emulation neither orients nor scales down correctly (it pads to the box), so dev and
// production would store different files.
import mozjpegEncFactory from "@jsquash/jpeg/codec/enc/mozjpeg_enc.js";
import encWasm from "@jsquash/jpeg/codec/enc/mozjpeg_enc.wasm";
import { defaultOptions } from "@jsquash/jpeg/meta.js";
import { decodeImage } from "../imaging/decode";

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
}

/** Decodes once (guarded), then writes the stored copy and its thumbnail. */
export async function normalizePhoto(bytes: Uint8Array): Promise<NormalizedPhoto> {
  const decoded = await decodeImage(bytes);
  const big = downscaleRgba(decoded.data, decoded.width, decoded.height, MAX_STORED_SIDE);
  flatten(big.data);
  const jpeg = await encodeJpeg(big.data, big.width, big.height, 85);
  const small = downscaleRgba(big.data, big.width, big.height, THUMBNAIL_SIDE);
  const thumbnail = await encodeJpeg(small.data, small.width, small.height, 78);
  return { jpeg, thumbnail, width: big.width, height: big.height };
}
