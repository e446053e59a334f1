// The local preview renderer, used when no REPLICATE_API_TOKEN is set so the product works
// offline. It is a deterministic image pipeline, not a generative model, and says so: every
// generation it makes is labelled `renderer: "local-preview"`.
//
// From the selfie and its detected face it makes real portraits: a crop framed on the face
// (alternating 4:5 and 1:1, the face at the width the style asks for, eyes on the upper third),
// exposure and white-balance correction measured on the face, the style's grading (warmth,
// contrast, saturation), and the person cut out by a segmentation model (MediaPipe Selfie
// Segmentation, imaging/segmentation.ts) and put on the style's studio backdrop, edges feathered.
import type { Env } from "../../env";
import { decodeImage } from "../../imaging/decode";
import { analyzePhoto } from "../../imaging/analyze";
import type { StyleRenderParams } from "../../db/schema";
import { encodeJpeg } from "../../photos/normalize";
import { featherMask, maskAt, segmentPerson, type PersonMask } from "../../imaging/segmentation";
import { buildWorkingImage } from "../../imaging/working-image";
import type { InlineRenderer, RenderJob } from "./types";

/** Output width: up to 1024 px, but never upscaling the crop more than 1.25x (a soft, blown-up
 * face is worse than a smaller sharp one), and at least 512 px. */
const MAX_OUTPUT_WIDTH = 1024;
const MIN_OUTPUT_WIDTH = 512;
const MAX_UPSCALE = 1.25;

const DEFAULT_PARAMS: StyleRenderParams = {
  backgroundTop: "#9aa3ad",
  backgroundBottom: "#5f6872",
  warmth: 0,
  contrast: 1.05,
  saturation: 1,
  faceWidth: 0.4,
};

export interface Framing {
  /** Crop rectangle in source pixels (may extend past the image; the outside is backdrop). */
  x: number;
  y: number;
  width: number;
  height: number;
  outWidth: number;
  outHeight: number;
}

/** Where to crop so the face is centred, `faceWidth` of the output wide, eyes at 38% height. */
export function frameOnFace(face: { x: number; y: number; width: number; height: number }, eyeY: number, aspect: number, faceWidth: number): Framing {
  const width = face.width / faceWidth;
  const height = width / aspect;
  const cx = face.x + face.width / 2;
  const outWidth = Math.round(Math.min(MAX_OUTPUT_WIDTH, Math.max(MIN_OUTPUT_WIDTH, width * MAX_UPSCALE)));
  return { x: cx - width / 2, y: eyeY - height * 0.38, width, height, outWidth, outHeight: Math.round(outWidth / aspect) };
}

const hex = (h: string) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));

interface Rgba {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

/** Mean R, G, B inside a box of the source (face-based corrections). */
function meanRgb(img: Rgba, box: { x: number; y: number; width: number; height: number }) {
  let r = 0;
  let g = 0;
  let b = 0;
  let n = 0;
  const x0 = Math.max(0, Math.floor(box.x));
  const x1 = Math.min(img.width, Math.ceil(box.x + box.width));
  const y0 = Math.max(0, Math.floor(box.y));
  const y1 = Math.min(img.height, Math.ceil(box.y + box.height));
  for (let y = y0; y < y1; y += 2) {
    for (let x = x0; x < x1; x += 2) {
      const i = (y * img.width + x) * 4;
      r += img.data[i]!;
      g += img.data[i + 1]!;
      b += img.data[i + 2]!;
      n++;
    }
  }
  return n ? [r / n, g / n, b / n] : [128, 128, 128];
}

/** The person's mask over a rectangle of the source (the part of the image the frame shows). */
export interface SubjectMask {
  region: { x: number; y: number; width: number; height: number };
  mask: PersonMask;
}

/** Segments the person inside the part of the source that `frame` shows, at the model's full resolution. */
export async function segmentFrame(img: Rgba, frame: Framing): Promise<SubjectMask> {
  const x0 = Math.max(0, Math.floor(frame.x));
  const y0 = Math.max(0, Math.floor(frame.y));
  const x1 = Math.min(img.width, Math.ceil(frame.x + frame.width));
  const y1 = Math.min(img.height, Math.ceil(frame.y + frame.height));
  const w = Math.max(1, x1 - x0);
  const h = Math.max(1, y1 - y0);
  const crop = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) crop.set(img.data.subarray(((y0 + y) * img.width + x0) * 4, ((y0 + y) * img.width + x0 + w) * 4), y * w * 4);
  const work = buildWorkingImage({ data: crop, width: w, height: h });
  return { region: { x: x0, y: y0, width: w, height: h }, mask: featherMask(await segmentPerson(work)) };
}

/**
 * Renders one portrait: bilinear resampling of the crop, tone and grade on the person, and the
 * style's backdrop (a vertical gradient) wherever the mask says background, with the mask's
 * feathered edge as the blend. Outside the source frame there is only backdrop.
 */
export function renderPortrait(img: Rgba, face: { x: number; y: number; width: number; height: number }, frame: Framing, p: StyleRenderParams, subject: SubjectMask): Rgba {
  const { outWidth: W, outHeight: H } = frame;
  const out = new Uint8ClampedArray(W * H * 4);
  // Exposure: bring the face's mean luma to ~0.5 (gain clamped). White balance: half-way to a
  // grey face (gray-world on the skin is too strong, skin is not grey).
  const [fr, fg, fb] = meanRgb(img, face) as [number, number, number];
  const luma = 0.2126 * fr + 0.7152 * fg + 0.0722 * fb;
  const gain = Math.min(1.6, Math.max(0.75, 128 / Math.max(luma, 1)));
  const grey = (fr + fg + fb) / 3;
  const wb = [fr, fg, fb].map((c) => 1 + 0.5 * (grey / Math.max(c, 1) - 1));
  const warm = p.warmth * 12;
  const top = hex(p.backgroundTop);
  const bottom = hex(p.backgroundBottom);
  const sx = frame.width / W;
  const sy = frame.height / H;
  const { region, mask } = subject;
  for (let oy = 0; oy < H; oy++) {
    const srcY = frame.y + (oy + 0.5) * sy - 0.5;
    const t = oy / (H - 1);
    const bg = [0, 1, 2].map((k) => top[k]! + (bottom[k]! - top[k]!) * t);
    for (let ox = 0; ox < W; ox++) {
      const srcX = frame.x + (ox + 0.5) * sx - 0.5;
      const o = (oy * W + ox) * 4;
      const inside = srcX >= 0 && srcY >= 0 && srcX <= img.width - 1 && srcY <= img.height - 1;
      const alpha = inside ? maskAt(mask, (srcX + 0.5 - region.x) / region.width, (srcY + 0.5 - region.y) / region.height) : 0;
      let rgb = bg;
      if (alpha > 0) {
        const x0 = Math.floor(srcX);
        const y0 = Math.floor(srcY);
        const x1 = Math.min(x0 + 1, img.width - 1);
        const y1 = Math.min(y0 + 1, img.height - 1);
        const ax = srcX - x0;
        const ay = srcY - y0;
        rgb = [0, 1, 2].map((k) => {
          const a = img.data[(y0 * img.width + x0) * 4 + k]!;
          const b = img.data[(y0 * img.width + x1) * 4 + k]!;
          const c = img.data[(y1 * img.width + x0) * 4 + k]!;
          const d = img.data[(y1 * img.width + x1) * 4 + k]!;
          return (a * (1 - ax) + b * ax) * (1 - ay) + (c * (1 - ax) + d * ax) * ay;
        });
        // Tone and grade.
        rgb = rgb.map((v, k) => v * gain * wb[k]!);
        rgb[0] = rgb[0]! + warm;
        rgb[2] = rgb[2]! - warm;
        const l = 0.2126 * rgb[0]! + 0.7152 * rgb[1]! + 0.0722 * rgb[2]!;
        rgb = rgb.map((v) => l + (v - l) * p.saturation);
        rgb = rgb.map((v) => 128 + (v - 128) * p.contrast);
      }
      out[o] = rgb[0]! * alpha + bg[0]! * (1 - alpha);
      out[o + 1] = rgb[1]! * alpha + bg[1]! * (1 - alpha);
      out[o + 2] = rgb[2]! * alpha + bg[2]! * (1 - alpha);
      out[o + 3] = 255;
    }
  }
  return { data: out, width: W, height: H };
}

export function localPreviewRenderer(_env: Env): InlineRenderer {
  return {
    name: "local-preview",
    kind: "inline",
    async render(selfie: Uint8Array, job: RenderJob) {
      const features = await analyzePhoto(selfie);
      const primary = features.faces.primary;
      if (!primary) throw new Error("no face in the selfie");
      const face = features.faces.items[primary.index]!;
      const eyeY = (face.keypoints.leftEye.y + face.keypoints.rightEye.y) / 2;
      const img = await decodeImage(selfie);
      const params = { ...DEFAULT_PARAMS, ...(job.style.renderParams ?? {}) };
      const images = [];
      for (let i = job.existingPredictions; i < job.count; i++) {
        // Variants alternate 4:5 and 1:1 and step the framing a little looser each time; a seed
        // (a re-render) moves the framing a little tighter or looser.
        const aspect = i % 2 === 0 ? 4 / 5 : 1;
        const jitter = job.seed === undefined ? 1 : 0.94 + ((job.seed % 1000) / 1000) * 0.12;
        const frame = frameOnFace(face.box, eyeY, aspect, params.faceWidth * jitter * (1 - 0.08 * Math.floor((i % 8) / 2)));
        const portrait = renderPortrait(img, face.box, frame, params, await segmentFrame(img, frame));
        images.push({ bytes: await encodeJpeg(portrait.data, portrait.width, portrait.height, 88), contentType: "image/jpeg", width: portrait.width, height: portrait.height });
      }
      return images;
    },
  };
}
