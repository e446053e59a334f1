// Pixel metrics on the working image (<= 512 px long side, see working-image.ts). Measuring at
// that size judges a photo as it is seen in a profile, not pixel-peeped: a 12 MP photo that is
// slightly soft at 100% still reads as sharp, while a blurred or noisy one does not.
//
// Scales: luma 0..255, fractions 0..1, Lab a*/b* in CIE units. Noise inflates the Laplacian (for
// white noise of std s the 4-neighbour Laplacian adds 20*s^2 of variance), so sharpness is
// reported raw and with that share removed; read it together with `noise.sigma`. `relative`
// divides by the luma variance so exposure and contrast do not masquerade as blur.
import type { Box, ImageMetrics } from "./features";
import type { WorkingImage } from "./working-image";

export type { Box, ImageMetrics };

const SHADOW_LEVEL = 5;
const HIGHLIGHT_LEVEL = 250;

export function computeMetrics(work: WorkingImage, faceBox?: Box | null): ImageMetrics {
  const noise = measureNoise(work.luma, work.width, work.height);
  const noiseShare = 20 * noise.sigma * noise.sigma;
  const frame = edgeStats(work.luma, work.width, { x: 0, y: 0, width: work.width, height: work.height });
  const face = faceBox && faceBox.width >= 16 && faceBox.height >= 16 ? edgeStats(work.luma, work.width, faceBox) : null;
  return {
    exposure: measureExposure(work.luma),
    contrast: { rms: Math.sqrt(frame.lumaVariance) / 255 },
    sharpness: {
      laplacianVariance: frame.laplacianVariance,
      laplacianVarianceDenoised: Math.max(0, frame.laplacianVariance - noiseShare),
      relative: relativeSharpness(frame, noiseShare),
      face: face && { laplacianVariance: face.laplacianVariance, relative: relativeSharpness(face, noiseShare) },
    },
    noise,
    color: measureColor(work.rgb),
  };
}

/**
 * Laplacian variance (noise share removed) over luma variance in the same region. Both scale
 * with contrast squared, so a dark or hazy photo is not mistaken for a blurred one; blur lowers
 * the Laplacian far faster than the variance. Calibrated against real camera-motion blur, where
 * the Laplacian/gradient ratio failed (bench/IMAGING-CALIBRATION.md).
 */
function relativeSharpness(stats: EdgeStats, noiseShare: number): number {
  return stats.lumaVariance > 1e-3 ? Math.max(0, stats.laplacianVariance - noiseShare) / stats.lumaVariance : 0;
}

function measureExposure(luma: Float32Array): ImageMetrics["exposure"] {
  const hist = new Uint32Array(256);
  let sum = 0;
  for (let i = 0; i < luma.length; i++) {
    const v = luma[i]!;
    hist[(v + 0.5) | 0]!++; // luma is a convex mix of 0..255 values, so the bin is in range
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

interface EdgeStats {
  /** Variance of the Laplacian [0 1 0; 1 -4 1; 0 1 0]. */
  laplacianVariance: number;
  lumaVariance: number;
}

/** Edge statistics over the interior of `box` (working-image pixels). */
export function edgeStats(luma: Float32Array, width: number, box: Box): EdgeStats {
  const x0 = Math.max(1, Math.floor(box.x));
  const y0 = Math.max(1, Math.floor(box.y));
  const x1 = Math.min(width - 1, Math.ceil(box.x + box.width));
  const y1 = Math.min(luma.length / width - 1, Math.ceil(box.y + box.height));
  let sum = 0;
  let sq = 0;
  let lsum = 0;
  let lsq = 0;
  let n = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0, i = y * width + x0; x < x1; x++, i++) {
      const c = luma[i]!;
      const l = luma[i - 1]! + luma[i + 1]! + luma[i - width]! + luma[i + width]! - 4 * c;
      sum += l;
      sq += l * l;
      lsum += c;
      lsq += c * c;
      n++;
    }
  }
  if (n === 0) return { laplacianVariance: 0, lumaVariance: 0 };
  const mean = sum / n;
  const lmean = lsum / n;
  return { laplacianVariance: sq / n - mean * mean, lumaVariance: Math.max(0, lsq / n - lmean * lmean) };
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
    const by = ((y - 1) / BLOCK) | 0;
    const inBlockRow = by < bh;
    let rowTotal = 0;
    for (let x = 1, i = y * width + 1; x < width - 1; x++, i++) {
      const up = i - width;
      const down = i + width;
      const r = luma[up - 1]! - 2 * luma[up]! + luma[up + 1]! - 2 * luma[i - 1]! + 4 * luma[i]! - 2 * luma[i + 1]! + luma[down - 1]! - 2 * luma[down]! + luma[down + 1]!;
      const a = r < 0 ? -r : r;
      rowTotal += a;
      if (inBlockRow) {
        const bx = ((x - 1) / BLOCK) | 0;
        if (bx < bw) {
          blockSum[by * bw + bx]! += a;
          blockLuma[by * bw + bx]! += luma[i]!;
        }
      }
    }
    total += rowTotal;
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
  LINEAR[i] = c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}
function linearise(v: number): number {
  const lo = v | 0; // v is in 0..255
  return LINEAR[lo]! + (LINEAR[lo + 1]! - LINEAR[lo]!) * (v - lo);
}
const CHROMA_BINS = 400; // half-unit bins of C*ab up to 200
function labF(t: number): number {
  return t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116;
}

/**
 * Colour cast, sampled on every 8th pixel (~26k samples on a 512x410 working image). Mid-tones only (L* 15..95): crushed and blown pixels
 * carry no colour. The cast is read from the least chromatic fifth of them, the pixels that
 * should be neutral (walls, skies, clothes, skin highlights): under a cast they all lean the same
 * way, while a colourful subject alone does not move them.
 */
function measureColor(rgb: Float32Array): ImageMetrics["color"] {
  const capacity = Math.ceil(rgb.length / 24);
  const as = new Float32Array(capacity);
  const bs = new Float32Array(capacity);
  const cs = new Float32Array(capacity);
  const hist = new Uint32Array(CHROMA_BINS);
  let n = 0;
  let sumA = 0;
  let sumB = 0;
  for (let p = 0; p < rgb.length; p += 24) {
    const r = linearise(rgb[p]!);
    const g = linearise(rgb[p + 1]!);
    const b = linearise(rgb[p + 2]!);
    const fx = labF((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047);
    const fy = labF(0.2126 * r + 0.7152 * g + 0.0722 * b);
    const fz = labF((0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883);
    const L = 116 * fy - 16;
    if (L < 30 || L > 95) continue;
    const a = 500 * (fx - fy);
    const bb = 200 * (fy - fz);
    const c = Math.sqrt(a * a + bb * bb);
    as[n] = a;
    bs[n] = bb;
    cs[n] = c;
    hist[Math.min(CHROMA_BINS - 1, (c * 2) | 0)]!++;
    sumA += a;
    sumB += bb;
    n++;
  }
  if (n === 0) return { castA: 0, castB: 0, castChroma: 0, meanA: 0, meanB: 0 };
  let limit = CHROMA_BINS;
  for (let i = 0, acc = 0; i < CHROMA_BINS; i++) {
    acc += hist[i]!;
    if (acc >= n * 0.05) {
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
