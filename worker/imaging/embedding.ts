// Face embedding network: "does this face belong to the same person as that one?" One
// implementation for the headshot likeness check (#13) and identity across a dating photo set
// (#12 item 4). It runs only in the vision Worker (worker/vision/index.ts): its weights take
// ~50 MB of WASM heap, which beside the analysis pack (~70 MB) and the JPEG codec would exceed the
// 128 MB isolate limit. The API cuts the aligned chips (./chips.ts) and calls it over RPC
// (./vision.ts).
//
// Model: dlib's face recognition ResNet (`dlib_face_recognition_resnet_model_v1`, 29 conv
// layers, 150x150 input, 128-D output) by Davis King, released into the public domain, in the
// TensorFlow.js port shipped by @vladmandic/face-api 1.7.15 (uint8-quantised weights, MIT code).
// Origin, licence, checksums and why the other candidates were rejected: models/README.md.
//
// The weights file only holds tensors; the network is built here from tfjs ops. Each conv's
// "scale" layer (the affine that replaced batch norm) is folded into its filters and bias at load,
// so one fused conv (+ ReLU) runs per layer. Averaging with the mirrored chip's embedding made
// mirrored and turned faces agree better (bench/LIKENESS-CALIBRATION.md).
import * as tf from "@tensorflow/tfjs-core";
import { CHIP, CHIP_VALUES } from "./chips";
import { EMBEDDING_SIZE } from "./identity";
import { loadModelFiles } from "./models";
import { executeInBatches, tfBackend } from "./tf-runtime";

export const EMBEDDING_MODEL = "dlib-resnet-v1 (face-api 1.7.15 face_recognition_model)";
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
    if (ph !== oh || pw !== ow)
      out = tf.pad(out, [
        [0, 0],
        [0, ph - oh],
        [0, pw - ow],
        [0, 0],
      ]);
    // More channels than the shortcut: the extra ones get a zero shortcut.
    if (shortcut.shape[3] !== out.shape[3])
      shortcut = tf.pad(shortcut, [
        [0, 0],
        [0, 0],
        [0, 0],
        [0, out.shape[3] - shortcut.shape[3]],
      ]);
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

function mirrored(chip: Float32Array): Float32Array {
  const out = new Float32Array(chip.length);
  for (let y = 0; y < CHIP; y++) for (let x = 0; x < CHIP; x++) for (let c = 0; c < 3; c++) out[(y * CHIP + (CHIP - 1 - x)) * 3 + c] = chip[(y * CHIP + x) * 3 + c]!;
  return out;
}

/** At most this many faces per call (a group photo has a handful; more is a caller's bug). */
export const MAX_CHIPS = 32;

/**
 * One 128-D embedding per chip (`count` aligned chips from ./chips.ts, packed), same order.
 * With `mirror`, each chip's mirror image is embedded too and the two averaged. Costs one network
 * pass per chip (two with `mirror`).
 */
export async function embedChips(chips: Float32Array, count: number, mirror: boolean): Promise<Float32Array[]> {
  if (!Number.isInteger(count) || count < 0 || count > MAX_CHIPS) throw new RangeError(`embedChips: count must be 0..${MAX_CHIPS}, got ${count}`);
  if (chips.length !== count * CHIP_VALUES) throw new RangeError(`embedChips: ${chips.length} values for ${count} chips of ${CHIP_VALUES}`);
  if (count === 0) return [];
  const n = await loadNet();
  const per = mirror ? 2 : 1;
  const input = new Float32Array(count * per * CHIP_VALUES);
  for (let i = 0; i < count; i++) {
    const chip = chips.subarray(i * CHIP_VALUES, (i + 1) * CHIP_VALUES);
    input.set(chip, i * per * CHIP_VALUES);
    if (mirror) input.set(mirrored(chip), (i * per + 1) * CHIP_VALUES);
  }
  const data = executeInBatches(input, count * per, [CHIP, CHIP, 3], (x) => forward(n, x))[0]!;
  return Array.from({ length: count }, (_, i) => {
    const e = data.slice(i * per * EMBEDDING_SIZE, (i * per + 1) * EMBEDDING_SIZE);
    if (mirror) for (let k = 0; k < EMBEDDING_SIZE; k++) e[k] = (e[k]! + data[(i * per + 1) * EMBEDDING_SIZE + k]!) / 2;
    return e;
  });
}
