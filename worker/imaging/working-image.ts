// The working image: the decoded photo shrunk in pure JS to <= 512 px on its long side, RGB as
// floats. Every metric and the face detector read this copy, so the full-size RGBA buffer can be
// dropped right after it is built, and @jsquash/resize (whose WASM memory grows to ~300 MB on a
// full-size photo) is never needed.
import type { DecodedImage } from "./decode";

export interface WorkingImage {
  width: number;
  height: number;
  /** Interleaved R, G, B in 0..255 (floats: area averaging keeps sub-level precision). */
  rgb: Float32Array;
  /** Rec. 709 luma of the same pixels, 0..255. */
  luma: Float32Array;
  /** Source pixels per working pixel (>= 1): multiply working coordinates by it. */
  scale: number;
  sourceWidth: number;
  sourceHeight: number;
}

export const WORKING_MAX_SIDE = 512;

/**
 * For each source index along one axis: the first output cell it falls in and the share of its
 * unit length that lands there, the rest going to the next cell. A source pixel is never wider
 * than an output cell when shrinking, so it touches at most two.
 */
function areaWeights(src: number, dst: number) {
  const ratio = src / dst;
  const first = new Int32Array(src);
  const w0 = new Float32Array(src);
  const w1 = new Float32Array(src);
  for (let i = 0; i < src; i++) {
    const cell = Math.min(dst - 1, Math.floor(i / ratio));
    const boundary = (cell + 1) * ratio;
    first[i] = cell;
    if (i + 1 <= boundary || cell === dst - 1) {
      w0[i] = 1 / ratio;
    } else {
      w0[i] = (boundary - i) / ratio;
      w1[i] = (i + 1 - boundary) / ratio;
    }
  }
  return { first, w0, w1 };
}

/**
 * Area-averaging (box filter) shrink of RGBA8 to RGB floats, streamed one source row at a time so
 * the only large allocation is the output. Transparent pixels are composited over white, as a
 * viewer on a light background shows them.
 */
export function shrinkRgba(data: Uint8ClampedArray, width: number, height: number, maxSide = WORKING_MAX_SIDE) {
  const scale = Math.max(1, Math.max(width, height) / maxSide);
  const w = Math.max(1, Math.round(width / scale));
  const h = Math.max(1, Math.round(height / scale));
  const out = new Float32Array(w * h * 3);
  const hx = areaWeights(width, w);
  const vy = areaWeights(height, h);
  const row = new Float32Array(w * 3);
  for (let y = 0; y < height; y++) {
    row.fill(0);
    let p = y * width * 4;
    for (let x = 0; x < width; x++, p += 4) {
      let r = data[p]!;
      let g = data[p + 1]!;
      let b = data[p + 2]!;
      const a = data[p + 3]!;
      if (a !== 255) {
        const k = a / 255;
        const white = 255 * (1 - k);
        r = r * k + white;
        g = g * k + white;
        b = b * k + white;
      }
      const o = hx.first[x]! * 3;
      const a0 = hx.w0[x]!;
      row[o]! += r * a0;
      row[o + 1]! += g * a0;
      row[o + 2]! += b * a0;
      const a1 = hx.w1[x]!;
      if (a1 !== 0) {
        row[o + 3]! += r * a1;
        row[o + 4]! += g * a1;
        row[o + 5]! += b * a1;
      }
    }
    const oy = vy.first[y]!;
    addRow(out, row, oy * w * 3, vy.w0[y]!);
    if (vy.w1[y]! !== 0) addRow(out, row, (oy + 1) * w * 3, vy.w1[y]!);
  }
  return { rgb: out, width: w, height: h, scale: width / w };
}

function addRow(out: Float32Array, row: Float32Array, at: number, weight: number) {
  for (let i = 0; i < row.length; i++) out[at + i]! += row[i]! * weight;
}

/** The same area shrink for float RGB (used to build the detector's 128 px input). */
export function shrinkRgb(src: Float32Array, width: number, height: number, dstW: number, dstH: number): Float32Array {
  const out = new Float32Array(dstW * dstH * 3);
  const hx = areaWeights(width, dstW);
  const vy = areaWeights(height, dstH);
  const row = new Float32Array(dstW * 3);
  for (let y = 0; y < height; y++) {
    row.fill(0);
    for (let x = 0, p = y * width * 3; x < width; x++, p += 3) {
      const o = hx.first[x]! * 3;
      const a0 = hx.w0[x]!;
      const a1 = hx.w1[x]!;
      for (let c = 0; c < 3; c++) {
        row[o + c]! += src[p + c]! * a0;
        if (a1 !== 0) row[o + 3 + c]! += src[p + c]! * a1;
      }
    }
    const oy = vy.first[y]!;
    addRow(out, row, oy * dstW * 3, vy.w0[y]!);
    if (vy.w1[y]! !== 0) addRow(out, row, (oy + 1) * dstW * 3, vy.w1[y]!);
  }
  return out;
}

export function lumaOf(rgb: Float32Array): Float32Array {
  const luma = new Float32Array(rgb.length / 3);
  for (let i = 0, p = 0; i < luma.length; i++, p += 3) luma[i] = 0.2126 * rgb[p]! + 0.7152 * rgb[p + 1]! + 0.0722 * rgb[p + 2]!;
  return luma;
}

export function buildWorkingImage(image: Pick<DecodedImage, "data" | "width" | "height">, maxSide = WORKING_MAX_SIDE): WorkingImage {
  const { rgb, width, height, scale } = shrinkRgba(image.data, image.width, image.height, maxSide);
  return { width, height, rgb, luma: lumaOf(rgb), scale, sourceWidth: image.width, sourceHeight: image.height };
}
