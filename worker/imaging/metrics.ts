// Pixel metrics on the working image (<= 512 px long side, see working-image.ts). Measuring at
// that size judges a photo as it is seen in a profile, not pixel-peeped: a 12 MP photo that is
// slightly soft at 100% still reads as sharp, while a blurred or noisy one does not.
//
// Scales: luma 0..255, fractions 0..1, Lab a*/b* in CIE units. Noise inflates the Laplacian (for
// white noise of std s the 4-neighbour Laplacian adds 20*s^2 of variance), so sharpness is
// reported raw and with that share removed; read it together with `noise.sigma`.
import type { Box, ImageMetrics } from "./features";
import type { WorkingImage } from "./working-image";

export type { Box, ImageMetrics };

const SHADOW_LEVEL = 5;
const HIGHLIGHT_LEVEL = 250;

export function computeMetrics(work: WorkingImage, faceBox?: Box | null): ImageMetrics {
  const noise = measureNoise(work.luma, work.width, work.height);
  const laplacianVariance = laplacianVarianceIn(work.luma, work.width, { x: 0, y: 0, width: work.width, height: work.height });
  return {
    exposure: measureExposure(work.luma),
    contrast: { rms: stdDev(work.luma) / 255 },
    sharpness: {
      laplacianVariance,
      laplacianVarianceDenoised: Math.max(0, laplacianVariance - 20 * noise.sigma * noise.sigma),
      face: faceBox ? faceSharpness(work, faceBox) : null,
    },
    noise,
    color: measureColor(work.rgb),
  };
}

function measureExposure(luma: Float32Array): ImageMetrics["exposure"] {
  const hist = new Uint32Array(256);
  let sum = 0;
  for (const v of luma) {
    hist[Math.min(255, Math.max(0, Math.round(v)))]!++;
    sum += v;
  }
  const n = luma.length;
  let shadows = 0;
  let highlights = 0;
  for (let i = 0; i <= SHADOW_LEVEL; i++) shadows += hist[i]!;
  for (let i = HIGHLIGHT_LEVEL; i < 256; i++) highlights += hist[i]!;
  const percentile = (q: number) => {
    const target = q * n;
    let acc = 0;
    for (let i = 0; i < 256; i++) {
      acc += hist[i]!;
      if (acc >= target) return i / 255;
    }
    return 1;
  };
  return {
    meanLuminance: sum / n / 255,
    shadowsClipped: shadows / n,
    highlightsClipped: highlights / n,
    p05: percentile(0.05),
    p50: percentile(0.5),
    p95: percentile(0.95),
  };
}

function stdDev(values: Float32Array): number {
  let sum = 0;
  let sq = 0;
  for (const v of values) {
    sum += v;
    sq += v * v;
  }
  const mean = sum / values.length;
  return Math.sqrt(Math.max(0, sq / values.length - mean * mean));
}

/** Variance of the Laplacian [0 1 0; 1 -4 1; 0 1 0] over the interior of `box`. */
export function laplacianVarianceIn(luma: Float32Array, width: number, box: Box): number {
  const x0 = Math.max(1, Math.floor(box.x));
  const y0 = Math.max(1, Math.floor(box.y));
  const x1 = Math.min(width - 1, Math.ceil(box.x + box.width));
  const y1 = Math.min(luma.length / width - 1, Math.ceil(box.y + box.height));
  let sum = 0;
  let sq = 0;
  let n = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0, i = y * width + x0; x < x1; x++, i++) {
      const l = luma[i - 1]! + luma[i + 1]! + luma[i - width]! + luma[i + width]! - 4 * luma[i]!;
      sum += l;
      sq += l * l;
      n++;
    }
  }
  if (n === 0) return 0;
  const mean = sum / n;
  return sq / n - mean * mean;
}

function faceSharpness(work: WorkingImage, box: Box): number | null {
  if (box.width < 16 || box.height < 16) return null;
  return laplacianVarianceIn(work.luma, work.width, box);
}

const IMMERKAER_FACTOR = Math.sqrt(Math.PI / 2) / 6;
const BLOCK = 16;

/**
 * Immerkaer's fast noise variance estimation: the operator [1 -2 1; -2 4 -2; 1 -2 1] cancels
 * smooth image structure, leaving mostly noise; sigma = sqrt(pi/2)/6 * mean |response|.
 * Edges and texture also respond, so besides the global figure we estimate per 16x16 block and
 * average the flattest 15% of blocks, skipping blocks that are clipped (no noise shows there).
 */
function measureNoise(luma: Float32Array, width: number, height: number): ImageMetrics["noise"] {
  const bw = Math.floor((width - 2) / BLOCK);
  const bh = Math.floor((height - 2) / BLOCK);
  const blockSum = new Float64Array(Math.max(1, bw * bh));
  const blockLuma = new Float64Array(Math.max(1, bw * bh));
  let total = 0;
  for (let y = 1; y < height - 1; y++) {
    const by = Math.floor((y - 1) / BLOCK);
    for (let x = 1, i = y * width + 1; x < width - 1; x++, i++) {
      const r =
        luma[i - width - 1]! - 2 * luma[i - width]! + luma[i - width + 1]! -
        2 * luma[i - 1]! + 4 * luma[i]! - 2 * luma[i + 1]! +
        luma[i + width - 1]! - 2 * luma[i + width]! + luma[i + width + 1]!;
      const a = Math.abs(r);
      total += a;
      const bx = Math.floor((x - 1) / BLOCK);
      if (bx < bw && by < bh) {
        blockSum[by * bw + bx]! += a;
        blockLuma[by * bw + bx]! += luma[i]!;
      }
    }
  }
  const interior = Math.max(1, (width - 2) * (height - 2));
  const sigmaGlobal = (IMMERKAER_FACTOR * total) / interior;
  const perBlock = BLOCK * BLOCK;
  const sigmas: number[] = [];
  for (let b = 0; b < bw * bh; b++) {
    const mean = blockLuma[b]! / perBlock;
    if (mean < 16 || mean > 239) continue;
    sigmas.push((IMMERKAER_FACTOR * blockSum[b]!) / perBlock);
  }
  if (sigmas.length === 0) return { sigma: sigmaGlobal, sigmaGlobal };
  sigmas.sort((a, b) => a - b);
  const take = Math.max(1, Math.round(sigmas.length * 0.15));
  let sum = 0;
  for (let i = 0; i < take; i++) sum += sigmas[i]!;
  return { sigma: sum / take, sigmaGlobal };
}

// sRGB (D65) to CIE Lab. A 256-entry table linearises the (averaged, fractional) levels.
const LINEAR = new Float32Array(257);
for (let i = 0; i <= 256; i++) {
  const c = Math.min(i, 255) / 255;
  LINEAR[i] = c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
}
const linearise = (v: number) => {
  const i = Math.max(0, Math.min(255, v));
  const lo = Math.floor(i);
  return LINEAR[lo]! + (LINEAR[lo + 1]! - LINEAR[lo]!) * (i - lo);
};
const CHROMA_BINS = 400; // half-unit bins of C*ab up to 200
const labF = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116);

/**
 * Colour cast, sampled on every 4th pixel. Mid-tones only (L* 15..95): crushed and blown pixels
 * carry no colour. The cast is read from the least chromatic fifth of them, the pixels that
 * should be neutral (walls, skies, clothes, skin highlights): under a cast they all lean the same
 * way, while a colourful subject alone does not move them.
 */
function measureColor(rgb: Float32Array): ImageMetrics["color"] {
  const capacity = Math.ceil(rgb.length / 12);
  const as = new Float32Array(capacity);
  const bs = new Float32Array(capacity);
  const cs = new Float32Array(capacity);
  const hist = new Uint32Array(CHROMA_BINS);
  let n = 0;
  let sumA = 0;
  let sumB = 0;
  for (let p = 0; p < rgb.length; p += 12) {
    const r = linearise(rgb[p]!);
    const g = linearise(rgb[p + 1]!);
    const b = linearise(rgb[p + 2]!);
    const fx = labF((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047);
    const fy = labF(0.2126 * r + 0.7152 * g + 0.0722 * b);
    const fz = labF((0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883);
    const L = 116 * fy - 16;
    if (L < 15 || L > 95) continue;
    const a = 500 * (fx - fy);
    const bb = 200 * (fy - fz);
    const c = Math.hypot(a, bb);
    as[n] = a;
    bs[n] = bb;
    cs[n] = c;
    hist[Math.min(CHROMA_BINS - 1, Math.floor(c * 2))]!++;
    sumA += a;
    sumB += bb;
    n++;
  }
  if (n === 0) return { castA: 0, castB: 0, castChroma: 0, meanA: 0, meanB: 0 };
  let limit = CHROMA_BINS;
  for (let i = 0, acc = 0; i < CHROMA_BINS; i++) {
    acc += hist[i]!;
    if (acc >= n * 0.2) {
      limit = (i + 1) / 2;
      break;
    }
  }
  let ca = 0;
  let cb = 0;
  let k = 0;
  for (let i = 0; i < n; i++) {
    if (cs[i]! < limit) {
      ca += as[i]!;
      cb += bs[i]!;
      k++;
    }
  }
  ca /= Math.max(1, k);
  cb /= Math.max(1, k);
  return { castA: ca, castB: cb, castChroma: Math.hypot(ca, cb), meanA: sumA / n, meanB: sumB / n };
}
