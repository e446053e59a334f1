// Face detection at every scale: MediaPipe BlazeFace **full range** (`facemesh-detection-full`,
// 192x192 input, read from the MODELS bucket by ./models.ts) searched at several zooms, so faces
// from a close-up down to ~4% of the frame width are found. Boxes and 6 keypoints per face.
//
// The search (inference inputs run one at a time: see MAX_BATCH in ./tf-runtime.ts):
// 1. The whole frame, letterboxed to 192 px. Finds faces from ~6% of the frame's long side up.
// 2. Unless step 1 found a face wider than DETECTION.tilesUnlessFaceWider of the frame (a
//    portrait: small faces behind the subject are not what the photo is about):
//    - with the scene detector's people (analyze.ts asks the scene Worker when the frame shows no
//      close-up), one square per person at the top of their box, where their face is; weak
//      candidates outside every person are not re-checked (`search: "people"`);
//    - without them (no SCENE binding, the scene Worker failed, or more people than tiles),
//      overlapping square tiles of ~0.55 of the frame width, each letterboxed to 192 px: a 4% face
//      becomes ~14 px of input, where the detector still scores ~0.75 (its floor is ~10 px).
// 3. Weak candidates (DETECTION.recheckMinScore up to the threshold) are looked at again in a
//    crop DETECTION.recheckZoom face widths wide, where the detector is most confident (a face at
//    ~1/4 of its input): a small or blown-out face that scored 0.35-0.5 in the whole frame scores
//    0.6-0.8 there. A candidate counts only if the zoomed look reaches the threshold too.
// Detections of all steps are merged by MediaPipe's weighted non-maximum suppression; boxes under
// DETECTION.minWidthFraction of the frame width are dropped. Then each face gets the mesh and
// iris landmarks (./landmarks.ts) on its own crop.
//
// If the full-range weights cannot be read (MODELS not seeded or uploaded), the bundled
// short-range detector (`facemesh-detection-short`, 128 px, whole frame only: misses faces under
// ~12% of the frame) runs instead and `detector.fallback` says why. Measured limits of both on
// the fixtures: bench/IMAGING-CALIBRATION.md. A missed face is reported as no face, never invented.
import * as tf from "@tensorflow/tfjs-core";
import { loadGraphModel, type GraphModel } from "@tensorflow/tfjs-converter";
import shortRangeJson from "./models/facemesh-detection-short.json";
import shortRangeWeights from "./models/facemesh-detection-short.bin";
import { cropSquare, type Square } from "./crop";
import type { Box, DetectedFace, FaceBox, Point, PrimaryFace } from "./features";
import { judgeFace, measureLandmarks } from "./landmarks";
import { loadModel, ModelUnavailableError } from "./models";
import { executeInBatches, tfBackend } from "./tf-runtime";
import type { WorkingImage } from "./working-image";

interface DetectorSpec {
  model: string;
  input: number;
  /** Anchor centres (x, y) as fractions of the input, in the model's output order. */
  anchors: Float32Array;
}

/** MediaPipe SSD anchor centres: per grid size, that many anchors per cell (fixed_anchor_size). */
function anchorGrid(layers: readonly (readonly [grid: number, perCell: number])[]): Float32Array {
  const out: number[] = [];
  for (const [grid, perCell] of layers) {
    for (let y = 0; y < grid; y++) for (let x = 0; x < grid; x++) for (let k = 0; k < perCell; k++) out.push((x + 0.5) / grid, (y + 0.5) / grid);
  }
  return Float32Array.from(out);
}

/** Full range: one stride-4 layer over 192 px, one anchor per cell: 48 x 48 = 2304. */
const FULL_RANGE: DetectorSpec = {
  model: "blazeface-full-range (human-models 3.0.4 facemesh-detection-full)",
  input: 192,
  anchors: anchorGrid([[48, 1]]),
};

/** Short range: strides 8 and 16 over 128 px; 2 anchors per cell on 16x16, 6 on 8x8: 896. */
const SHORT_RANGE: DetectorSpec = {
  model: "blazeface-short-range (human-models 3.0.4 facemesh-detection-short, bundled fallback)",
  input: 128,
  anchors: anchorGrid([
    [16, 2],
    [8, 6],
  ]),
};

export const DETECTOR_MODEL = FULL_RANGE.model;
export const FALLBACK_DETECTOR_MODEL = SHORT_RANGE.model;

/** The multi-scale search (see the header). Chosen on the fixtures: bench/IMAGING-CALIBRATION.md. */
export const DETECTION = {
  recheckMinScore: 0.2,
  recheckZoom: 4,
  /** At most this many re-checks per photo (the strongest candidates first). */
  maxRechecks: 4,
  tilesUnlessFaceWider: 0.15,
  /**
   * People the scene detector found at this score or more guide step 2 instead of the tiles. On
   * the fixtures and face-api's group photos every person a face was found on scored >= 0.32 (the
   * overexposed portrait) and false "people" in photos without one <= 0.29.
   */
  personMinScore: 0.3,
  /** Tile side / frame width. */
  tileFraction: 0.55,
  /** Neighbouring tiles overlap by at least this share of the frame width, so a face too small
   * for step 1 (< ~7%) lies whole inside some tile. */
  minTileOverlap: 0.08,
  /**
   * Boxes narrower than this share of the frame width are not counted: under the ~4% the search
   * is built for, false detections outnumbered faces on the fixtures (a rocket's nose at 3.3%,
   * a cushion at 3.1%; the one real face there, ~2.8% wide, got a 3.9% box).
   */
  minWidthFraction: 0.035,
} as const;

const NMS_IOU = 0.3;

export interface FaceDetection {
  faces: FaceBox[];
  backend: string;
  model: string;
  inputSize: number;
  /** How step 2 looked: not at all (a close-up, or the fallback), over tiles, or at the people the scene detector found. */
  search: "frame" | "tiles" | "people";
  /** Regions of step 2 (tiles or people's heads). */
  tiles: number;
  rechecks: number;
  /** Why the fallback detector ran, or null. */
  fallback: string | null;
}

export interface FaceAnalysis {
  /** Faces kept (detector and mesh agree). */
  count: number;
  faces: DetectedFace[];
  primary: PrimaryFace | null;
  detector: {
    model: string;
    backend: string;
    inputSize: number;
    minConfidence: number;
    search: FaceDetection["search"];
    tiles: number;
    rechecks: number;
    fallback: string | null;
  };
}

// ---- Models ----------------------------------------------------------------------------------------

let shortRange: Promise<GraphModel> | undefined;

function loadShortRange(): Promise<GraphModel> {
  shortRange ??= (async () => {
    await tfBackend();
    const json = shortRangeJson as unknown as { modelTopology: object; weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[] };
    return loadGraphModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest.flatMap((g) => g.weights), weightData: shortRangeWeights }));
  })().catch((e: unknown) => {
    shortRange = undefined;
    throw e;
  });
  return shortRange;
}

/** The full-range detector, or the bundled short-range one (with the reason) when its weights are unavailable. */
async function loadDetector(): Promise<{ model: GraphModel; spec: DetectorSpec; fallback: string | null }> {
  try {
    const [model] = await Promise.all([loadModel("facemesh-detection-full"), tfBackend()]);
    return { model, spec: FULL_RANGE, fallback: null };
  } catch (e) {
    if (!(e instanceof ModelUnavailableError)) throw e;
    return { model: await loadShortRange(), spec: SHORT_RANGE, fallback: e.message };
  }
}

// ---- Candidates ------------------------------------------------------------------------------------

interface Candidate {
  score: number;
  /** x, y, w, h then 6 keypoints (x, y), all in working-image pixels. */
  v: Float64Array;
  /** Found where the scene detector saw a person (their head region, or a re-check inside their box). */
  person?: boolean;
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
    kept.push({ score: top.score, v, person: cluster.some((c) => c.person) });
    for (const c of cluster) rest.splice(rest.indexOf(c), 1);
  }
  return kept;
}

/** Runs the detector on square regions of the working image; candidates per region, in working pixels. */
function detectInRegions(model: GraphModel, spec: DetectorSpec, work: WorkingImage, regions: Square[], minScore: number): Candidate[][] {
  if (regions.length === 0) return [];
  const size = spec.input;
  const batch = new Float32Array(regions.length * size * size * 3);
  const source = { data: work.rgb, width: work.width, height: work.height, channels: 3 as const };
  // Letterbox padding is black, normalised to -1, as MediaPipe pads.
  for (const [i, region] of regions.entries()) cropSquare(source, region, { size, normalize: (v) => v / 127.5 - 1, pad: -1, out: batch, offset: i * size * size * 3 });
  const raw = executeInBatches(batch, regions.length, [size, size, 3], (input) => {
    const out = model.execute(input) as tf.Tensor | tf.Tensor[];
    // The full-range graph has two identical heads; the first is the one MediaPipe reads.
    const [first, ...others] = Array.isArray(out) ? out : [out];
    for (const t of others) t.dispose();
    return first!;
  })[0]!;
  const count = spec.anchors.length / 2;
  const stride = 17;
  return regions.map((region, r) => {
    const step = region.side / size;
    const toX = (px: number) => region.cx + (px - size / 2) * step;
    const toY = (py: number) => region.cy + (py - size / 2) * step;
    const found: Candidate[] = [];
    for (let i = 0; i < count; i++) {
      // Per anchor: score logit, box (cx, cy, w, h), 6 keypoints (x, y), in input pixels from the anchor centre.
      const row = (r * count + i) * stride;
      const score = 1 / (1 + Math.exp(-Math.max(-100, Math.min(100, raw[row]!))));
      if (score < minScore) continue; // before NMS, as MediaPipe does: weak boxes do not blur strong ones
      const ax = spec.anchors[i * 2]! * size;
      const ay = spec.anchors[i * 2 + 1]! * size;
      const w = raw[row + 3]!;
      const h = raw[row + 4]!;
      if (!(w > 0 && h > 0)) continue;
      const cx = ax + raw[row + 1]!;
      const cy = ay + raw[row + 2]!;
      const v = new Float64Array(16);
      v[0] = toX(cx - w / 2);
      v[1] = toY(cy - h / 2);
      v[2] = w * step;
      v[3] = h * step;
      for (let k = 0; k < 6; k++) {
        v[4 + k * 2] = toX(ax + raw[row + 5 + k * 2]!);
        v[5 + k * 2] = toY(ay + raw[row + 6 + k * 2]!);
      }
      found.push({ score, v });
    }
    return found;
  });
}

/** The whole frame as one square region (letterboxed). */
function wholeFrame(work: WorkingImage): Square {
  return { cx: work.width / 2, cy: work.height / 2, side: Math.max(work.width, work.height), angle: 0 };
}

/** Evenly spaced starts of `n` tiles of `side` covering `length`, n as small as the overlap allows. */
function tileStarts(length: number, side: number, minOverlap: number): number[] {
  if (side >= length) return [0];
  const n = Math.ceil((length - side) / Math.max(1, side - minOverlap)) + 1;
  return Array.from({ length: n }, (_, i) => ((length - side) * i) / (n - 1));
}

export function tileRegions(width: number, height: number): Square[] {
  const side = Math.min(Math.max(width, height), Math.round(DETECTION.tileFraction * width));
  const overlap = DETECTION.minTileOverlap * width;
  const regions: Square[] = [];
  for (const y of tileStarts(height, side, overlap)) for (const x of tileStarts(width, side, overlap)) regions.push({ cx: x + side / 2, cy: y + side / 2, side, angle: 0 });
  return regions;
}

/** A tile's detection cut by an edge of the tile that is not an edge of the photo is dropped: a neighbour holds it whole. */
function cutByTile(c: Candidate, tile: Square, work: WorkingImage): boolean {
  const margin = 0.1 * c.v[2]!;
  const x0 = tile.cx - tile.side / 2;
  const y0 = tile.cy - tile.side / 2;
  const x1 = x0 + tile.side;
  const y1 = y0 + tile.side;
  const [bx, by, bw, bh] = [c.v[0]!, c.v[1]!, c.v[2]!, c.v[3]!];
  return (x0 > 0.5 && bx < x0 - margin) || (y0 > 0.5 && by < y0 - margin) || (x1 < work.width - 0.5 && bx + bw > x1 + margin) || (y1 < work.height - 0.5 && by + bh > y1 + margin);
}

/** What the whole-frame pass (step 1) found, and what the rest of the search needs. */
export interface FrameSearch {
  work: WorkingImage;
  minConfidence: number;
  model: GraphModel;
  spec: DetectorSpec;
  fallback: string | null;
  accepted: Candidate[];
  weak: Candidate[];
  /** The widest candidate of the pass, accepted or weak, as a share of the frame width (0 if none). */
  widest: number;
}

/** Step 1: the whole frame, letterboxed. Quick (one inference); `widest` tells the caller whether the photo is a close-up. */
export async function searchFrame(work: WorkingImage, minConfidence: number): Promise<FrameSearch> {
  const { model, spec, fallback } = await loadDetector();
  const frame = detectInRegions(model, spec, work, [wholeFrame(work)], fallback ? minConfidence : Math.min(minConfidence, DETECTION.recheckMinScore))[0]!;
  const widest = frame.reduce((w, c) => Math.max(w, c.v[2]! / work.width), 0);
  return { work, minConfidence, model, spec, fallback, accepted: frame.filter((c) => c.score >= minConfidence), weak: frame.filter((c) => c.score < minConfidence), widest };
}

/**
 * Where a person's face is, if they face the camera: a square at the top of their box, as wide as
 * the box but at least a third of its height (a standing person's box is narrow; the head is about
 * an eighth of its height, so the face takes a quarter to a half of the square, where the
 * detector is surest).
 */
function headRegion(person: Box): Square {
  const side = Math.min(Math.max(person.width, person.height / 3), Math.max(person.width, person.height));
  return { cx: person.x + person.width / 2, cy: person.y + side / 2, side, angle: 0 };
}

const inside = (s: Square, x: number, y: number) => Math.abs(x - s.cx) <= s.side / 2 && Math.abs(y - s.cy) <= s.side / 2;
const inBox = (b: Box, x: number, y: number) => x >= b.x && x <= b.x + b.width && y >= b.y && y <= b.y + b.height;
/** A candidate's box centre, in working pixels. */
const centreX = (c: Candidate) => c.v[0]! + c.v[2]! / 2;
const centreY = (c: Candidate) => c.v[1]! + c.v[3]! / 2;

/**
 * Step 2 guided by the scene detector: one region per person it found (boxes in working pixels,
 * >= DETECTION.personMinScore, strongest first), their head. Skipped where a face of step 1 already is, or where a stronger
 * person's region already looks. Null when that would cost more inferences than the tiles.
 */
function peopleRegions(people: readonly Box[], found: readonly Candidate[], tileCount: number): Square[] | null {
  const regions: Square[] = [];
  for (const person of people) {
    const r = headRegion(person);
    if (found.some((c) => inside(r, centreX(c), centreY(c)))) continue;
    if (regions.some((q) => inside(q, r.cx, r.cy))) continue;
    regions.push(r);
  }
  return regions.length <= tileCount ? regions : null;
}

/**
 * Steps 2 and 3 after `searchFrame`: unless step 1 found a close-up face, the tiles, or, when the
 * scene detector's person boxes are given (source pixels, best first), only those people's heads;
 * then the zoomed re-checks. Boxes and keypoints come back in source-image pixels; faces below
 * `minConfidence` are dropped.
 */
export function completeSearch(frame: FrameSearch, people: readonly Box[] | null = null): FaceDetection {
  const { work, minConfidence, model, spec, fallback } = frame;
  const backend = tf.getBackend();
  // A copy: the re-checks add to it, and the frame's own result stays as it was.
  let accepted = [...frame.accepted];
  let search: FaceDetection["search"] = "frame";
  let tiles = 0;
  let rechecks = 0;
  if (!fallback) {
    let weak = frame.weak;
    const portrait = accepted.some((c) => c.v[2]! >= DETECTION.tilesUnlessFaceWider * work.width);
    // With the scene detector's people, a face belongs to one of them: weak candidates elsewhere
    // are not re-checked (false faces on fixtures sat on a rocket's nose and a cushion).
    let inPeople: ((c: Candidate) => boolean) | null = null;
    if (!portrait) {
      const tileSet = tileRegions(work.width, work.height);
      const boxes = people?.map((p) => ({ x: p.x / work.scale, y: p.y / work.scale, width: p.width / work.scale, height: p.height / work.scale })) ?? null;
      const heads = boxes && peopleRegions(boxes, accepted, tileSet.length);
      const regions = heads ?? tileSet;
      search = heads ? "people" : "tiles";
      tiles = regions.length;
      if (heads) {
        inPeople = (c) => boxes!.some((b) => inBox(b, centreX(c), centreY(c)));
        weak = weak.filter(inPeople);
      }
      const found = detectInRegions(model, spec, work, regions, DETECTION.recheckMinScore).flatMap((cs, i) =>
        heads ? cs.map((c) => ({ ...c, person: true })) : cs.filter((c) => !cutByTile(c, regions[i]!, work)),
      );
      accepted = accepted.concat(found.filter((c) => c.score >= minConfidence));
      weak = weak.concat(found.filter((c) => c.score < minConfidence));
    }
    const strong = weightedNms(accepted);
    const candidates = weightedNms(weak)
      .filter((c) => !strong.some((s) => iou(s.v, c.v) > NMS_IOU))
      .slice(0, DETECTION.maxRechecks);
    rechecks = candidates.length;
    const zoomed = detectInRegions(
      model,
      spec,
      work,
      candidates.map((c) => ({ cx: centreX(c), cy: centreY(c), side: DETECTION.recheckZoom * Math.max(c.v[2]!, c.v[3]!), angle: 0 })),
      minConfidence,
    );
    candidates.forEach((c, i) => {
      const confirmed = zoomed[i]!.filter((z) => iou(z.v, c.v) > NMS_IOU);
      accepted.push(...confirmed.map((z) => ({ ...z, person: inPeople !== null })));
    });
  }

  const s = work.scale;
  const pt = (v: Float64Array, at: number): Point => ({ x: v[at]! * s, y: v[at + 1]! * s });
  const faces = weightedNms(accepted)
    // The width floor is against false faces of the blind search; in a person's head it is a small face.
    .filter(({ v, person }) => person || v[2]! >= DETECTION.minWidthFraction * work.width)
    .map(({ score, v }) => ({
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
  return { faces, backend, model: spec.model, inputSize: spec.input, search, tiles, rechecks, fallback };
}

/**
 * Detects faces on the working image with the tiled search (no scene detector); boxes and
 * keypoints come back in source-image pixels. Faces below `minConfidence` are dropped.
 */
export async function detectFaces(work: WorkingImage, minConfidence: number): Promise<FaceDetection> {
  return completeSearch(await searchFrame(work, minConfidence));
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
  const rollDegrees = (Math.atan2(keypoints.leftEye.y - keypoints.rightEye.y, keypoints.leftEye.x - keypoints.rightEye.x) * 180) / Math.PI;
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

/**
 * Finishes the search (`completeSearch`), then measures each face with the face mesh and iris (./landmarks.ts). Without the
 * MODELS bucket (fallback detector) the per-face models are skipped and `landmarks` stay null.
 */
export async function analyzeFaces(frame: FrameSearch, people: readonly Box[] | null = null): Promise<FaceAnalysis> {
  const { work, minConfidence } = frame;
  const { faces: boxes, backend, model, inputSize, search, tiles, rechecks, fallback } = completeSearch(frame, people);
  const looks = fallback ? boxes.map(() => null) : await measureLandmarks(work, boxes);
  const faces: DetectedFace[] = boxes.map((box, i) => {
    const landmarks = looks[i]?.landmarks ?? null;
    return { ...box, landmarks, attributes: landmarks && judgeFace(landmarks) };
  });
  return {
    count: faces.length,
    faces,
    primary: describePrimaryFace(faces, work.sourceWidth, work.sourceHeight),
    detector: { model, backend, inputSize, minConfidence, search, tiles, rechecks, fallback },
  };
}
