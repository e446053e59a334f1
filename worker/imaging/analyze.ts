// analyzePhoto: bytes in, PhotoFeatures out. Deterministic, no network, one decode per call.
// Memory: the full-size RGBA exists only between decode and the working-image shrink; after
// that only the <= 512 px float copy (~3 MB) is alive while the detector and metrics run.
import { asBytes, decodeImage, type DecodeLimits, type DecodedImage } from "./decode";
import { measureBackground } from "./background";
import { analyzeFaces, DETECTION, searchFrame } from "./faces";
import { FEATURES_VERSION, type PhotoFeatures } from "./features";
import { differenceHash } from "./fingerprint";
import { computeMetrics } from "./metrics";
import { detectObjects, OBJECT_MODEL, type SceneDetector } from "./objects";
import { detectPose, POSE_MODEL } from "./pose";
import { detectDefects, IMAGING_THRESHOLDS, THRESHOLDS_VERSION, type ImagingThresholds } from "./thresholds";
import { buildWorkingImage, type WorkingImage } from "./working-image";

export interface AnalyzeOptions {
  /** Decode guards (bytes, pixels, side); defaults in decode.ts DEFAULT_LIMITS. */
  limits?: Partial<DecodeLimits>;
  /** Thresholds used to fill `defects`; the features themselves do not depend on them. */
  thresholds?: ImagingThresholds;
  /** Thresholds version recorded with the defects when custom thresholds are passed. */
  thresholdsVersion?: string;
  /**
   * The input is a working-size copy (<= 512 px) of a bigger original made elsewhere (the Images
   * binding): report the original's size and resolution instead of the copy's.
   */
  original?: { width: number; height: number; bytes: number };
  /**
   * The scene detector (the SCENE binding, `sceneOf(env)`), asked when the face does not fill the
   * frame. Without one, `objects` is null: not measured, which the scoring reads as unknown.
   */
  scene?: SceneDetector;
  /**
   * Told when the scene detector failed (the scene Worker unreachable or erroring). The analysis
   * goes on with `objects` null, not measured: a photo is never refused for its scene objects.
   */
  onSceneFailure?: (err: unknown) => void;
}

/**
 * The pose model and the scene objects run when the whole frame shows no face (or weak candidate)
 * this wide, or when the finished search has none: below it a photo may be a full-body, far-off or
 * group shot, or have no one in it. A face as wide as this is a portrait, and they would cost
 * ~100 ms and a scene call for nothing.
 */
export const POSE_BELOW_FACE_WIDTH = 0.2;

/** Rounds every number to 4 decimals: plenty for scoring, and keeps the jsonb small. */
function rounded<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === "number" ? Math.round(v * 1e4) / 1e4 : v))) as T;
}

/**
 * Asks the scene Worker once for both uses of its answer: the objects reported (>= minScore) and
 * the people (>= DETECTION.personMinScore) that tell the face search where to look.
 */
async function sceneObjects(scene: SceneDetector, onFailure: AnalyzeOptions["onSceneFailure"], work: WorkingImage, minScore: number) {
  try {
    const found = await detectObjects(scene, work, Math.min(minScore, DETECTION.personMinScore));
    return {
      objects: { items: found.filter((o) => o.score >= minScore), model: OBJECT_MODEL, minScore },
      people: found.filter((o) => o.label === "person" && o.score >= DETECTION.personMinScore).map((o) => o.box),
    };
  } catch (err) {
    onFailure?.(err);
    return null;
  }
}

/**
 * The body pose and the scene objects, for a photo without a close-up face. The scene Worker's
 * request goes out first and the pose runs here while it is answered; `objectsMs` is the wait
 * left after the pose.
 */
async function poseAndScene(work: WorkingImage, opts: AnalyzeOptions, objectMinScore: number) {
  const t0 = performance.now();
  const pending = opts.scene ? sceneObjects(opts.scene, opts.onSceneFailure, work, objectMinScore) : null;
  const pose = await detectPose(work);
  const t1 = performance.now();
  const scene = pending ? await pending : null;
  return { pose, scene, poseMs: t1 - t0, objectsMs: performance.now() - t1 };
}

/**
 * Sniffs, guards, decodes, measures and detects faces. Throws ImagingError (stable `code`) for
 * unsupported, empty, oversized or damaged files.
 */
export async function analyzePhoto(input: ArrayBuffer | ArrayBufferView, opts: AnalyzeOptions = {}): Promise<PhotoFeatures> {
  return (await analyzePhotoWithImage(input, opts)).features;
}

/**
 * analyzePhoto, also returning the working image the features were measured on, for a caller that
 * goes on to cut face crops from it (the upload's face embeddings) without decoding again.
 */
export async function analyzePhotoWithImage(input: ArrayBuffer | ArrayBufferView, opts: AnalyzeOptions = {}): Promise<{ features: PhotoFeatures; work: WorkingImage }> {
  const thresholds = opts.thresholds ?? IMAGING_THRESHOLDS;
  const bytes = asBytes(input);
  const t0 = performance.now();
  let decoded: DecodedImage | null = await decodeImage(bytes, opts.limits);
  const t1 = performance.now();
  const source = opts.original
    ? { type: decoded.type, width: opts.original.width, height: opts.original.height, orientation: decoded.orientation, bytes: opts.original.bytes }
    : { type: decoded.type, width: decoded.width, height: decoded.height, orientation: decoded.orientation, bytes: bytes.length };
  const work = buildWorkingImage(decoded);
  decoded = null; // the full-size RGBA is garbage from here on
  const t2 = performance.now();
  // The whole frame first: a face that fills it makes a close-up, and the search ends there.
  const frame = await searchFrame(work, thresholds.faceMinConfidence);
  const t2b = performance.now();
  // Otherwise the photo may be far-off, full-body or a group, show a pet or an activity, or no one
  // at all: the scene objects and the body pose are measured, and the scene detector's people
  // guide the rest of the face search (the tiles when there is no answer).
  let around = frame.widest < POSE_BELOW_FACE_WIDTH ? await poseAndScene(work, opts, thresholds.objectMinScore) : null;
  const t2c = performance.now();
  const faces = await analyzeFaces(frame, around?.scene?.people ?? null);
  const t3 = performance.now();
  // The frame's widest candidate was weak and the search did not confirm it (a blurred wall, a
  // blown-out face): decided on the final faces, as for any photo without a close-up.
  if (!around && (!faces.primary || faces.primary.widthFraction < POSE_BELOW_FACE_WIDTH)) around = await poseAndScene(work, opts, thresholds.objectMinScore);
  const t3b = performance.now();
  const facesMs = t2b - t2 + (t3 - t2c);
  const pose = around?.pose ?? null;
  const objects = around?.scene?.objects ?? null;
  const body = pose && { framing: pose.framing, visible: pose.visible, heightFraction: pose.heightFraction, keypoints: pose.keypoints, model: POSE_MODEL };
  const primary = faces.primary ? faces.faces[faces.primary.index]!.box : null;
  const faceBox = primary && {
    x: primary.x / work.scale,
    y: primary.y / work.scale,
    width: primary.width / work.scale,
    height: primary.height / work.scale,
  };
  const metrics = computeMetrics(work, faceBox);
  const background = measureBackground(work, faceBox);
  const t4 = performance.now();

  const { width, height } = source;
  const measured = rounded({
    version: FEATURES_VERSION,
    source,
    resolution: {
      megapixels: (width * height) / 1e6,
      shortSide: Math.min(width, height),
      aspectRatio: width / height,
      orientation: width === height ? "square" : width > height ? "landscape" : "portrait",
    },
    working: { width: work.width, height: work.height },
    ...metrics,
    faces: { count: faces.count, items: faces.faces, primary: faces.primary, detector: faces.detector },
    body,
    objects,
    background,
    faceEmbeddings: null,
    fingerprint: differenceHash(work),
  } satisfies Omit<PhotoFeatures, "defects" | "thresholdsVersion" | "timings">);
  const features: PhotoFeatures = {
    ...measured,
    defects: detectDefects(measured, thresholds),
    thresholdsVersion: opts.thresholds ? (opts.thresholdsVersion ?? "custom") : THRESHOLDS_VERSION,
    timings: rounded({ decodeMs: t1 - t0, resizeMs: t2 - t1, facesMs, poseMs: around?.poseMs ?? 0, objectsMs: around?.objectsMs ?? 0, metricsMs: t4 - t3b, totalMs: t4 - t0 }),
  };
  return { features, work };
}
