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
 * The contiguous span of source pixels each output cell covers, with the share of the first and
 * last pixel that falls inside the cell (the pixels between count fully).
 */
function areaSpans(src: number, dst: number) {
  const ratio = src / dst;
  const first = new Int32Array(dst);
  const last = new Int32Array(dst);
  const firstShare = new Float64Array(dst);
  const lastShare = new Float64Array(dst);
  for (let o = 0; o < dst; o++) {
    const a = o * ratio;
    const b = Math.min(src, (o + 1) * ratio);
    const i0 = Math.floor(a);
    const i1 = Math.min(src - 1, Math.ceil(b) - 1);
    first[o] = i0;
    last[o] = i1;
    firstShare[o] = i0 === i1 ? b - a : i0 + 1 - a;
    lastShare[o] = i0 === i1 ? 0 : b - i1;
  }
  return { first, last, firstShare, lastShare, ratio };
}

function isOpaque(data: Uint8ClampedArray): boolean {
  for (let i = 3; i < data.length; i += 4) if (data[i] !== 255) return false;
  return true;
}

/**
 * Area-averaging (box filter) shrink of RGBA8 to RGB floats, streamed one source row at a time so
 * the only large allocation is the output. Each output cell sums its contiguous run of source
 * pixels in registers (the hot loop is three integer adds per pixel). Transparent pixels are
 * composited over white, as a viewer on a light background shows them.
 */
export function shrinkRgba(data: Uint8ClampedArray, width: number, height: number, maxSide = WORKING_MAX_SIDE) {
  const scale = Math.max(1, Math.max(width, height) / maxSide);
  const w = Math.max(1, Math.round(width / scale));
  const h = Math.max(1, Math.round(height / scale));
  // Transparent images are flattened first; the copy is also 4-byte aligned for the 32-bit view.
  if (!isOpaque(data) || data.byteOffset % 4 !== 0) data = overWhite(data);
  const out = new Float32Array(w * h * 3);
  const hx = areaSpans(width, w);
  const vy = areaWeights(height, h);
  const { first, last, firstShare, lastShare } = hx;
  const norm = 1 / hx.ratio;
  const row = new Float64Array(w * 3);
  // One 32-bit read per pixel (RGBA little-endian: R in the low byte) instead of three.
  const px = new Uint32Array(data.buffer, data.byteOffset, width * height);
  for (let y = 0; y < height; y++) {
    const base = y * width;
    for (let o = 0, q = 0; o < w; o++, q += 3) {
      const i0 = base + first[o]!;
      const i1 = base + last[o]!;
      let r = 0;
      let g = 0;
      let b = 0;
      for (let i = i0 + 1; i < i1; i++) {
        const v = px[i]!;
        r += v & 0xff;
        g += (v >>> 8) & 0xff;
        b += (v >>> 16) & 0xff;
      }
      const v0 = px[i0]!;
      const s0 = firstShare[o]!;
      r += (v0 & 0xff) * s0;
      g += ((v0 >>> 8) & 0xff) * s0;
      b += ((v0 >>> 16) & 0xff) * s0;
      if (i1 !== i0) {
        const v1 = px[i1]!;
        const s1 = lastShare[o]!;
        r += (v1 & 0xff) * s1;
        g += ((v1 >>> 8) & 0xff) * s1;
        b += ((v1 >>> 16) & 0xff) * s1;
      }
      row[q] = r * norm;
      row[q + 1] = g * norm;
      row[q + 2] = b * norm;
    }
    const oy = vy.first[y]!;
    addRow(out, row, oy * w * 3, vy.w0[y]!);
    if (vy.w1[y]! !== 0) addRow(out, row, (oy + 1) * w * 3, vy.w1[y]!);
  }
  return { rgb: out, width: w, height: h, scale: width / w };
}

/** A copy with every pixel composited over white (only for images that have transparency). */
function overWhite(data: Uint8ClampedArray): Uint8ClampedArray {
  const out = new Uint8ClampedArray(data.length);
  for (let p = 0; p < data.length; p += 4) {
    const k = data[p + 3]! / 255;
    const white = 255 * (1 - k);
    out[p] = data[p]! * k + white;
    out[p + 1] = data[p + 1]! * k + white;
    out[p + 2] = data[p + 2]! * k + white;
    out[p + 3] = 255;
  }
  return out;
}

function addRow(out: Float32Array, row: Float32Array | Float64Array, at: number, weight: number) {
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
