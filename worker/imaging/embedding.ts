// Face embedding: "does this face belong to the same person as that one?" One implementation for
// the headshot likeness check (#13) and identity across a dating photo set (#12 item 4).
//
// Model: dlib's face recognition ResNet (`dlib_face_recognition_resnet_model_v1`, 29 conv
// layers, 150x150 input, 128-D output) by Davis King, released into the public domain, in the
// TensorFlow.js port shipped by @vladmandic/face-api 1.7.15 (uint8-quantised weights, MIT code).
// Origin, licence, checksums and why the other candidates were rejected: models/README.md.
//
// The weights file only holds tensors; the network is built here from tfjs ops. Each conv's
// "scale" layer (the affine that replaced batch norm) is folded into its filters and bias at load,
// so one fused conv (+ ReLU) runs per layer.
//
// Alignment: the crop is rotated and scaled from the detector's two eye keypoints so the eyes
// land on fixed points of the 150 px chip (roll and face size no longer change the embedding).
// The chip geometry was chosen on the calibration set (bench/LIKENESS-CALIBRATION.md);
// averaging with the mirrored chip's embedding made mirrored and turned faces agree better.
import * as tf from "@tensorflow/tfjs-core";
import type { FaceBox } from "./features";
import { loadModelFiles } from "./models";
import { executeInBatches, tfBackend } from "./tf-runtime";
import { CHIP_GEOMETRY, type ChipGeometry } from "./identity";

export { bestSimilarity, CHIP_GEOMETRY, cosineSimilarity, LIKENESS_THRESHOLD, type ChipGeometry } from "./identity";
import type { WorkingImage } from "./working-image";

export const EMBEDDING_MODEL = "dlib-resnet-v1 (face-api 1.7.15 face_recognition_model)";
export const EMBEDDING_SIZE = 128;
const CHIP = 150;
const MEAN_RGB = [122.782, 117.001, 104.298];
const BYTES_PER_ELEMENT: Record<string, number> = { uint8: 1, int8: 1, uint16: 2, float16: 2, int16: 2, float32: 4, int32: 4 };

/** Bytes a weights entry takes in the weights file (its stored, possibly quantised, dtype). */
function storedBytes(spec: tf.io.WeightsManifestEntry): number {
  const dtype = spec.quantization?.dtype ?? spec.dtype;
  const bytes = BYTES_PER_ELEMENT[dtype];
  if (bytes === undefined) throw new Error(`face-recognition weights: unknown dtype ${dtype}`);
  return spec.shape.reduce((a, b) => a * b, 1) * bytes;
}

interface Conv {
  filter: tf.Tensor4D;
  bias: tf.Tensor1D;
}
interface Residual {
  conv1: Conv;
  conv2: Conv;
}
interface Net {
  down: Conv;
  blocks: { name: string; down: boolean; params: Residual }[];
  fc: tf.Tensor2D;
}

const BLOCKS = [
  ["conv32_1", false],
  ["conv32_2", false],
  ["conv32_3", false],
  ["conv64_down", true],
  ["conv64_1", false],
  ["conv64_2", false],
  ["conv64_3", false],
  ["conv128_down", true],
  ["conv128_1", false],
  ["conv128_2", false],
  ["conv256_down", true],
  ["conv256_1", false],
  ["conv256_2", false],
  ["conv256_down_out", true],
] as const;

let net: Promise<Net> | undefined;

function loadNet(): Promise<Net> {
  net ??= (async () => {
    // 6.4 MB of weights: read from the MODELS bucket once per isolate, not carried in the bundle.
    const [{ json, weights }] = await Promise.all([loadModelFiles("face-recognition"), tfBackend()]);
    const specs = (json as { weights: tf.io.WeightsManifestEntry[] }[]).flatMap((g) => g.weights);
    // Each tensor is decoded only when its layer is folded, inside that layer's tidy: decoding
    // all 25 MB of float32 up front, then folding, would hold two copies at once, and the WASM
    // heap keeps its peak for the isolate's life.
    const entries = new Map<string, { spec: tf.io.WeightsManifestEntry; start: number; end: number }>();
    let offset = 0;
    for (const spec of specs) {
      const end = offset + storedBytes(spec);
      entries.set(spec.name, { spec, start: offset, end });
      offset = end;
    }
    const tensor = (name: string) => {
      const entry = entries.get(name);
      if (!entry) throw new Error(`face-recognition weights lack ${name}`);
      return tf.io.decodeWeights(weights.slice(entry.start, entry.end), [entry.spec])[name]!;
    };
    const conv = (prefix: string): Conv =>
      tf.tidy(() => {
        const scale = tensor(`${prefix}/scale/weights`);
        // (conv(x, F) + b) * s + t  ==  conv(x, F * s) + (b * s + t): s scales each output channel.
        return {
          filter: tf.keep(tf.mul(tensor(`${prefix}/conv/filters`), scale) as tf.Tensor4D),
          bias: tf.keep(tf.add(tf.mul(tensor(`${prefix}/conv/bias`), scale), tensor(`${prefix}/scale/biases`)) as tf.Tensor1D),
        };
      });
    const built: Net = {
      down: conv("conv32_down"),
      blocks: BLOCKS.map(([name, down]) => ({ name, down, params: { conv1: conv(`${name}/conv1`), conv2: conv(`${name}/conv2`) } })),
      fc: tensor("fc") as tf.Tensor2D,
    };
    return built;
  })().catch((e: unknown) => {
    net = undefined;
    throw e;
  });
  return net;
}

const convLayer = (x: tf.Tensor4D, c: Conv, stride: 1 | 2, relu: boolean, pad: "same" | "valid") =>
  tf.fused.conv2d({ x, filter: c.filter, strides: stride, pad, bias: c.bias, activation: relu ? "relu" : "linear" });

function residual(x: tf.Tensor4D, p: Residual, down: boolean): tf.Tensor4D {
  let out = convLayer(x, p.conv1, down ? 2 : 1, true, down ? "valid" : "same");
  out = convLayer(out, p.conv2, 1, false, "same");
  let shortcut: tf.Tensor4D = x;
  if (down) {
    shortcut = tf.avgPool(x, 2, 2, "valid");
    // An odd input side makes the strided conv one pixel smaller than the pool: pad it with zeros.
    const [, ph, pw] = shortcut.shape;
    const [, oh, ow] = out.shape;
    if (ph !== oh || pw !== ow) out = tf.pad(out, [[0, 0], [0, ph - oh], [0, pw - ow], [0, 0]]);
    // More channels than the shortcut: the extra ones get a zero shortcut.
    if (shortcut.shape[3] !== out.shape[3]) shortcut = tf.pad(shortcut, [[0, 0], [0, 0], [0, 0], [0, out.shape[3] - shortcut.shape[3]]]);
  }
  return tf.relu(tf.add(out, shortcut)) as tf.Tensor4D;
}

/**
 * The network on a batch of 150x150 chips (RGB 0..255), one 128-D row per chip. One tidy per
 * block, not one around the pass: a tidy holds every intermediate until it ends, and the WASM
 * heap keeps that peak for the isolate's life (measured: +84 MB for 8 chips in one tidy).
 */
function forward(n: Net, chips: tf.Tensor4D): tf.Tensor2D {
  let out = tf.tidy(() => {
    const x = tf.div(tf.sub(chips, tf.tensor1d(MEAN_RGB)), 255) as tf.Tensor4D;
    return tf.maxPool(convLayer(x, n.down, 2, true, "valid"), 3, 2, "valid");
  });
  for (const b of n.blocks) {
    const next = tf.tidy(() => residual(out, b.params, b.down));
    out.dispose();
    out = next;
  }
  const embedding = tf.tidy(() => tf.matMul(tf.mean(out, [1, 2]) as tf.Tensor2D, n.fc)) as tf.Tensor2D;
  out.dispose();
  return embedding;
}

/**
 * The aligned 150x150 chip of one face from the working image (RGB 0..255, row-major), sampled
 * bilinearly through the similarity transform that puts the eyes on CHIP_GEOMETRY. Outside the
 * frame the nearest edge pixel is repeated.
 */
export function alignedChip(work: WorkingImage, face: FaceBox, geometry: ChipGeometry = CHIP_GEOMETRY): Float32Array {
  const s = work.scale;
  // The subject's right eye is on the image's left.
  const ax = face.keypoints.rightEye.x / s;
  const ay = face.keypoints.rightEye.y / s;
  const bx = face.keypoints.leftEye.x / s;
  const by = face.keypoints.leftEye.y / s;
  const eyeDist = Math.max(1e-3, Math.hypot(bx - ax, by - ay));
  // Source pixels per chip pixel, and the eye line's direction in the source.
  const k = eyeDist / (geometry.eyeDistance * CHIP);
  const ux = (bx - ax) / eyeDist;
  const uy = (by - ay) / eyeDist;
  const mx = (ax + bx) / 2;
  const my = (ay + by) / 2;
  const cy0 = geometry.eyeLine * CHIP;
  const out = new Float32Array(CHIP * CHIP * 3);
  const { width: W, height: H, rgb } = work;
  for (let y = 0; y < CHIP; y++) {
    for (let x = 0; x < CHIP; x++) {
      const dx = (x + 0.5 - CHIP / 2) * k;
      const dy = (y + 0.5 - cy0) * k;
      const sx = Math.min(W - 1, Math.max(0, mx + dx * ux - dy * uy - 0.5));
      const sy = Math.min(H - 1, Math.max(0, my + dx * uy + dy * ux - 0.5));
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const x1 = Math.min(x0 + 1, W - 1);
      const y1 = Math.min(y0 + 1, H - 1);
      const fx = sx - x0;
      const fy = sy - y0;
      const o = (y * CHIP + x) * 3;
      for (let c = 0; c < 3; c++) {
        const top = rgb[(y0 * W + x0) * 3 + c]! * (1 - fx) + rgb[(y0 * W + x1) * 3 + c]! * fx;
        const bottom = rgb[(y1 * W + x0) * 3 + c]! * (1 - fx) + rgb[(y1 * W + x1) * 3 + c]! * fx;
        out[o + c] = top * (1 - fy) + bottom * fy;
      }
    }
  }
  return out;
}

function mirrored(chip: Float32Array): Float32Array {
  const out = new Float32Array(chip.length);
  for (let y = 0; y < CHIP; y++)
    for (let x = 0; x < CHIP; x++)
      for (let c = 0; c < 3; c++) out[(y * CHIP + (CHIP - 1 - x)) * 3 + c] = chip[(y * CHIP + x) * 3 + c]!;
  return out;
}

/**
 * One 128-D embedding per face (same order as `faces`), from the working image the faces were
 * detected on. Compare two with `cosineSimilarity`. Costs one network pass per face: call it
 * only where identity matters.
 */
export async function embedFaces(work: WorkingImage, faces: FaceBox[], geometry: ChipGeometry = CHIP_GEOMETRY): Promise<Float32Array[]> {
  if (faces.length === 0) return [];
  const n = await loadNet();
  const per = geometry.mirror ? 2 : 1;
  const chips = new Float32Array(faces.length * per * CHIP * CHIP * 3);
  faces.forEach((f, i) => {
    const chip = alignedChip(work, f, geometry);
    chips.set(chip, i * per * CHIP * CHIP * 3);
    if (geometry.mirror) chips.set(mirrored(chip), (i * per + 1) * CHIP * CHIP * 3);
  });
  const data = executeInBatches(chips, faces.length * per, [CHIP, CHIP, 3], (input) => forward(n, input))[0]!;
  return faces.map((_, i) => {
    const e = data.slice(i * per * EMBEDDING_SIZE, (i * per + 1) * EMBEDDING_SIZE);
    if (geometry.mirror) for (let k = 0; k < EMBEDDING_SIZE; k++) e[k] = (e[k]! + data[(i * per + 1) * EMBEDDING_SIZE + k]!) / 2;
    return e;
  });
}
