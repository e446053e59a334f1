// Per-face landmarks: MediaPipe Face Mesh (468 points, `facemesh`, 192 px crops) on each detected
// face, then MediaPipe Iris (`iris`, 64 px crops) on both eyes. Read from the MODELS bucket by
// ./models.ts. Each face costs one mesh inference and two iris inferences (one input per call: see
// MAX_BATCH in ./tf-runtime.ts); nothing runs on a photo without faces.
//
// What is measured from the points (indices are MediaPipe's canonical mesh):
// - head pose: roll from the outer eye corners (33, 263) in the image; yaw from their depth
//   difference; pitch from forehead (10) to chin (152) in depth. Degrees.
// - eyes: eye aspect ratio (lid gap / corner distance, Soukupová & Čech 2016) per eye.
// - mouth: lip gap / mouth width (openness); smile from the mouth's width against the eye
//   distance and how far the corners sit above the lip centre.
// - gaze: the iris centre's offset from the eye's centre, as a share of the eye's half width.
// - eye region: mean luma inside both eyes' outlines against the cheeks below them, and its spread:
//   an open eye has bright white and a dark iris, a dark lens is dark and flat (sunglasses).
// The mesh's face-presence score says whether the points can be trusted: under
// LANDMARKS.minFaceScore (faces of ~20 working pixels, a blurred blob) the face stays counted but
// its landmarks and attributes are null (unknown), never guessed.
import type * as tf from "@tensorflow/tfjs-core";
import { cropSquare, cropToSource, type Square } from "./crop";
import type { FaceAttributes, FaceBox, FaceLandmarks } from "./features";
import { loadModel } from "./models";
import { executeInBatches } from "./tf-runtime";
import type { WorkingImage } from "./working-image";

export const LANDMARK_MODELS = "mediapipe-facemesh + mediapipe-iris (human-models 3.0.4 facemesh, iris)";

/** Chosen on the fixtures: bench/IMAGING-CALIBRATION.md. */
export const LANDMARKS = {
  /** The mesh crop: this many times the detector box, square, turned upright by the eye line. */
  meshCropScale: 1.6,
  /** The eye crop: this many times the eye's corner distance (MediaPipe Iris uses 2.3). */
  eyeCropScale: 2.3,
  /** Under this face-presence score the points are not trusted: landmarks null. */
  minFaceScore: 0.5,
  /** At most this many faces get landmarks (the largest): a crowd costs no more than this. */
  maxFaces: 8,
} as const;

const MESH = 192;
const EYE = 64;

type Vec3 = [number, number, number];

function meshRegion(face: FaceBox, scale: number): Square {
  const b = face.box;
  const k = face.keypoints;
  // Upright by the eye line: the right eye (image left) to the left eye (image right).
  const angle = Math.atan2(k.leftEye.y - k.rightEye.y, k.leftEye.x - k.rightEye.x);
  return { cx: (b.x + b.width / 2) / scale, cy: (b.y + b.height / 2) / scale, side: (LANDMARKS.meshCropScale * Math.max(b.width, b.height)) / scale, angle };
}

function point(mesh: Float32Array, base: number, i: number): Vec3 {
  return [mesh[base + i * 3]!, mesh[base + i * 3 + 1]!, mesh[base + i * 3 + 2]!];
}
const dist = (a: Vec3, b: Vec3) => Math.hypot(a[0] - b[0], a[1] - b[1]);

/** Luma samples (working image) on a disc, or on the ellipse spanning an eye's corners. */
function sampleLuma(work: WorkingImage, cx: number, cy: number, rx: number, ry: number, angle: number, out: number[]) {
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const steps = 9;
  for (let i = -steps; i <= steps; i++) {
    for (let j = -steps; j <= steps; j++) {
      const u = i / steps;
      const v = j / steps;
      if (u * u + v * v > 1) continue;
      const x = Math.round(cx + u * rx * cos - v * ry * sin);
      const y = Math.round(cy + u * rx * sin + v * ry * cos);
      if (x >= 0 && y >= 0 && x < work.width && y < work.height) out.push(work.luma[y * work.width + x]!);
    }
  }
}

/**
 * Both eyes' region against the cheeks (mesh points 50 and 280, just under the eyes): mean luma
 * ratio and the eye region's standard deviation over the cheek mean. Sampled on an ellipse over
 * each eye's corners, as tall as 0.6 of its width: the eye itself, or the lens in front of it.
 */
function eyeRegion(work: WorkingImage, p: (i: number) => Vec3): FaceLandmarks["eyeRegion"] {
  const eye: number[] = [];
  for (const e of [RIGHT_EYE, LEFT_EYE]) {
    const a = p(e.outer);
    const b = p(e.inner);
    const w = dist(a, b);
    sampleLuma(work, (a[0] + b[0]) / 2, (a[1] + b[1]) / 2, w * 0.45, w * 0.27, Math.atan2(b[1] - a[1], b[0] - a[0]), eye);
  }
  const cheek: number[] = [];
  const span = dist(p(33), p(263));
  for (const i of [50, 280]) sampleLuma(work, p(i)[0], p(i)[1], span * 0.08, span * 0.08, 0, cheek);
  const mean = (xs: number[]) => xs.reduce((t, v) => t + v, 0) / Math.max(1, xs.length);
  const eyeMean = mean(eye);
  const cheekMean = Math.max(1, mean(cheek));
  const sd = Math.sqrt(mean(eye.map((v) => (v - eyeMean) ** 2)));
  return { lumaRatio: eyeMean / cheekMean, contrast: sd / cheekMean };
}
const deg = (r: number) => (r * 180) / Math.PI;

function eyeAspect(p: (i: number) => Vec3, outer: number, inner: number, pairs: [number, number][]): number {
  const width = dist(p(outer), p(inner));
  const gap = pairs.reduce((s, [u, l]) => s + dist(p(u), p(l)), 0) / pairs.length;
  return width > 0 ? gap / width : 0;
}

/** Eye corners (outer, inner) per eye, subject's sides, and the lid pairs (upper, lower) for the aspect ratio. */
const RIGHT_EYE = {
  outer: 33,
  inner: 133,
  lids: [
    [160, 144],
    [159, 145],
    [158, 153],
  ] as [number, number][],
};
const LEFT_EYE = {
  outer: 263,
  inner: 362,
  lids: [
    [387, 373],
    [386, 374],
    [385, 380],
  ] as [number, number][],
};

export interface MeshLook {
  /** The mesh's face-presence score; null for faces beyond `maxFaces` (not looked at). */
  faceScore: number | null;
  /** Null where the mesh is unsure (score under `minFaceScore`) or did not look. */
  landmarks: FaceLandmarks | null;
}

/** Landmarks for each face (the largest `maxFaces`), from crops of the working image. */
export async function measureLandmarks(work: WorkingImage, faces: FaceBox[]): Promise<MeshLook[]> {
  if (faces.length === 0) return [];
  const order = faces.map((f, i) => ({ i, area: f.box.width * f.box.height })).sort((a, b) => b.area - a.area);
  const chosen = order.slice(0, LANDMARKS.maxFaces).map((o) => o.i);
  const [mesh, iris] = await Promise.all([loadModel("facemesh"), loadModel("iris")]);
  const source = { data: work.rgb, width: work.width, height: work.height, channels: 3 as const };
  const unit = (v: number) => v / 255;

  // 1. Mesh on every chosen face.
  const regions = chosen.map((i) => meshRegion(faces[i]!, work.scale));
  const batch = new Float32Array(regions.length * MESH * MESH * 3);
  for (const [n, r] of regions.entries()) cropSquare(source, r, { size: MESH, normalize: unit, pad: 0, out: batch, offset: n * MESH * MESH * 3 });
  const [points, flags] = executeInBatches(batch, regions.length, [MESH, MESH, 3], (input) => mesh.execute(input, ["Identity_2:0", "Identity_1:0"]) as tf.Tensor[]) as [
    Float32Array,
    Float32Array,
  ];

  // Mesh points back to working pixels (z scaled like x), so pose and ratios read the real geometry.
  const meshes = regions.map((r, n) => {
    const base = n * 468 * 3;
    const out = new Float32Array(468 * 3);
    const step = r.side / MESH;
    for (let i = 0; i < 468; i++) {
      const q = cropToSource(r, MESH, points[base + i * 3]!, points[base + i * 3 + 1]!);
      out[i * 3] = q.x;
      out[i * 3 + 1] = q.y;
      out[i * 3 + 2] = points[base + i * 3 + 2]! * step;
    }
    return out;
  });
  // The face flag is already a probability in this conversion: ~1.0 on every real face of 40 px or more.
  const scores = Array.from(flags.subarray(0, regions.length), (v) => Math.min(1, Math.max(0, v)));

  // 2. Iris on both eyes of every face the mesh accepted; the left eye mirrored (the model reads right eyes).
  const accepted = chosen.map((_, n) => n).filter((n) => scores[n]! >= LANDMARKS.minFaceScore);
  const eyeRegions: { region: Square; mirror: boolean }[] = [];
  for (const n of accepted) {
    const p = (i: number) => point(meshes[n]!, 0, i);
    for (const [eye, mirror] of [
      [RIGHT_EYE, false],
      [LEFT_EYE, true],
    ] as const) {
      const a = p(eye.outer);
      const b = p(eye.inner);
      const angle = mirror ? Math.atan2(a[1] - b[1], a[0] - b[0]) : Math.atan2(b[1] - a[1], b[0] - a[0]);
      eyeRegions.push({ region: { cx: (a[0] + b[0]) / 2, cy: (a[1] + b[1]) / 2, side: LANDMARKS.eyeCropScale * dist(a, b), angle }, mirror });
    }
  }
  let irisOut = new Float32Array(0);
  if (eyeRegions.length) {
    const eyes = new Float32Array(eyeRegions.length * EYE * EYE * 3);
    for (const [n, e] of eyeRegions.entries()) cropSquare(source, e.region, { size: EYE, normalize: unit, pad: 0, mirror: e.mirror, out: eyes, offset: n * EYE * EYE * 3 });
    irisOut = executeInBatches(eyes, eyeRegions.length, [EYE, EYE, 3], (input) => iris.execute(input) as tf.Tensor)[0]!;
  }

  const result: (FaceLandmarks | null)[] = faces.map(() => null);
  accepted.forEach((n, a) => {
    const m = meshes[n]!;
    const p = (i: number) => point(m, 0, i);
    const rOuter = p(33);
    const lOuter = p(263);
    const eyeSpan = dist(rOuter, lOuter);
    const roll = Math.atan2(lOuter[1] - rOuter[1], lOuter[0] - rOuter[0]);
    // Depth differences over in-plane distances: the eye corners for yaw, forehead to chin for pitch.
    const yaw = Math.atan2(rOuter[2] - lOuter[2], eyeSpan);
    const top = p(10);
    const chin = p(152);
    const pitch = Math.atan2(top[2] - chin[2], dist(top, chin));
    const mouthR = p(61);
    const mouthL = p(291);
    const mouthWidth = dist(mouthR, mouthL);
    const upper = p(13);
    const lower = p(14);
    // Lift measured across the face's own vertical (the roll taken out).
    const up = (q: Vec3) => -(q[0] * -Math.sin(roll) + q[1] * Math.cos(roll));
    const lipCentre = (up(upper) + up(lower)) / 2;
    const cornerLift = mouthWidth > 0 ? ((up(mouthR) + up(mouthL)) / 2 - lipCentre) / mouthWidth : 0;

    // Gaze: iris centre (point 71 of 76) against the eye's own contour centre, in the eye crop.
    const gazes = [0, 1].map((e) => {
      const base = (a * 2 + e) * 228;
      const centre = [irisOut[base + 71 * 3]!, irisOut[base + 71 * 3 + 1]!];
      // Eye contour points 0..15 are the lid outline; corners at 0 and 8.
      let minX = Infinity,
        maxX = -Infinity,
        minY = Infinity,
        maxY = -Infinity;
      for (let i = 0; i < 16; i++) {
        const x = irisOut[base + i * 3]!;
        const y = irisOut[base + i * 3 + 1]!;
        minX = Math.min(minX, x);
        maxX = Math.max(maxX, x);
        minY = Math.min(minY, y);
        maxY = Math.max(maxY, y);
      }
      const gx = (centre[0]! - (minX + maxX) / 2) / Math.max(1e-6, (maxX - minX) / 2);
      const gy = (centre[1]! - (minY + maxY) / 2) / Math.max(1e-6, (maxY - minY) / 2);
      // The mirrored crop reads the left eye flipped: flip x back.
      return { x: e === 1 ? -gx : gx, y: gy };
    });

    result[chosen[n]!] = {
      faceScore: scores[n]!,
      pose: { yawDegrees: deg(yaw), pitchDegrees: deg(pitch), rollDegrees: deg(roll) },
      eyes: { rightAspect: eyeAspect(p, RIGHT_EYE.outer, RIGHT_EYE.inner, RIGHT_EYE.lids), leftAspect: eyeAspect(p, LEFT_EYE.outer, LEFT_EYE.inner, LEFT_EYE.lids) },
      mouth: { openness: mouthWidth > 0 ? dist(upper, lower) / mouthWidth : 0, widthToEyes: eyeSpan > 0 ? mouthWidth / eyeSpan : 0, cornerLift },
      gaze: { x: (gazes[0]!.x + gazes[1]!.x) / 2, y: (gazes[0]!.y + gazes[1]!.y) / 2 },
      eyeRegion: eyeRegion(work, p),
    };
  });
  return faces.map((_, i) => {
    const n = chosen.indexOf(i);
    return { faceScore: n < 0 ? null : scores[n]!, landmarks: result[i]! };
  });
}

/** Judgement thresholds on the landmark measures; chosen on the fixtures (bench/IMAGING-CALIBRATION.md). */
export const FACE_JUDGEMENT = {
  /** Both eyes' aspect ratio at least this: open; the mean under `closedBelow`: closed; between: cannot tell. */
  eyes: { openAtLeast: 0.2, closedBelow: 0.14 },
  /** Smiling: mouth corners lifted this share of the mouth width above the lip centre, or a mouth this much wider than usual against the eyes. */
  smile: { minCornerLift: 0.06, minWidthToEyes: 0.62 },
  /** Neutral needs the lips (nearly) closed; an open mouth without a smile reads as "other". */
  neutralMaxOpenness: 0.12,
  /** Eye contact: head within these angles and the iris within this share of the eye's half width of its centre. */
  eyeContact: { maxYawDegrees: 20, maxPitchDegrees: 22, maxGaze: 0.35 },
  /**
   * Sunglasses: the eye region at most `maxLumaRatio` of the cheeks' brightness and flat (spread
   * under `maxContrast` of the cheek mean); at least `clearLumaRatio`: bare eyes; between: cannot
   * tell. On the set (bench/IMAGING-CALIBRATION.md) bare eyes read 0.43-0.99 (the darkest: heavy
   * eye make-up and lowered lids in face-api's sample4) with spread >= 0.075; the drawn-on lenses
   * 0.16 and 0.016. PROVISIONAL: no real sunglasses photo in the set, so the bounds sit well clear
   * of the bare eyes and real lenses with reflections may read "cannot tell".
   */
  sunglasses: { maxLumaRatio: 0.3, maxContrast: 0.1, clearLumaRatio: 0.5 },
  /** Beyond this yaw the mouth and eyes are foreshortened: expression and eyes are not judged (a profile biting a finger read as a smile at 40 degrees). */
  maxJudgedYawDegrees: 35,
} as const;

export function judgeFace(l: FaceLandmarks, t = FACE_JUDGEMENT): FaceAttributes {
  const reasons: string[] = [];
  const r = l.eyeRegion;
  const sunglasses = r.lumaRatio <= t.sunglasses.maxLumaRatio && r.contrast < t.sunglasses.maxContrast ? true : r.lumaRatio >= t.sunglasses.clearLumaRatio ? false : null;
  if (Math.abs(l.pose.yawDegrees) > t.maxJudgedYawDegrees) {
    return {
      eyesOpen: null,
      smiling: null,
      expression: null,
      eyeContact: false,
      sunglasses: null,
      reasons: [`The face is turned ${Math.round(Math.abs(l.pose.yawDegrees))} degrees from the camera: too far to read the expression.`],
    };
  }
  if (sunglasses) {
    // The lenses hide the eyes: whether they are open or looking at the camera cannot be seen.
    const smilingBehind = l.mouth.cornerLift >= t.smile.minCornerLift || l.mouth.widthToEyes >= t.smile.minWidthToEyes;
    const expression = smilingBehind ? "happy" : l.mouth.openness <= t.neutralMaxOpenness ? "neutral" : "other";
    return {
      eyesOpen: null,
      smiling: smilingBehind,
      expression,
      eyeContact: null,
      sunglasses: true,
      reasons: [`Sunglasses hide the eyes (the eye area is ${Math.round(r.lumaRatio * 100)}% as bright as the cheeks, and flat).`],
    };
  }
  const minEye = Math.min(l.eyes.rightAspect, l.eyes.leftAspect);
  const meanEye = (l.eyes.rightAspect + l.eyes.leftAspect) / 2;
  const eyesOpen = minEye >= t.eyes.openAtLeast ? true : meanEye < t.eyes.closedBelow ? false : null;
  reasons.push(eyesOpen === true ? "Both eyes are open." : eyesOpen === false ? "The eyes look closed." : "One or both eyes look half closed.");
  const smiling = l.mouth.cornerLift >= t.smile.minCornerLift || l.mouth.widthToEyes >= t.smile.minWidthToEyes;
  const expression = smiling ? "happy" : l.mouth.openness <= t.neutralMaxOpenness ? "neutral" : "other";
  reasons.push(
    expression === "happy" ? "Smiling (the mouth corners are raised)." : expression === "neutral" ? "A neutral, closed-mouth expression." : "The mouth is open without a smile.",
  );
  const towardCamera =
    Math.abs(l.pose.yawDegrees) <= t.eyeContact.maxYawDegrees &&
    Math.abs(l.pose.pitchDegrees) <= t.eyeContact.maxPitchDegrees &&
    Math.hypot(l.gaze.x, l.gaze.y * 0.5) <= t.eyeContact.maxGaze;
  const eyeContact = eyesOpen === false ? false : towardCamera;
  reasons.push(eyeContact ? "Looking into the camera." : eyesOpen === false ? "No eye contact: the eyes are closed." : "Looking away from the camera.");
  return { eyesOpen, smiling, expression, eyeContact, sunglasses, reasons };
}
