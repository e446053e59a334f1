// PhotoFeatures: everything the local analysis core measures on one photo. This zod schema is
// the single definition of the shape (the TypeScript types below are inferred from it): callers
// store the object as jsonb and validate it on the way back with `photoFeaturesSchema.parse`.
//
// Units: pixels refer to the decoded, upright source image; fractions are 0..1; luma is 0..255
// (Rec. 709 weights on the gamma-encoded values); Lab values are CIE L*a*b* (D65).
import { z } from "zod";
import { COCO_LABELS, objectCategories } from "./coco";

export const FEATURES_VERSION = 6 as const;

const fraction = z.number().min(0).max(1);
const nonNegative = z.number().min(0);

export const boxSchema = z.object({ x: z.number(), y: z.number(), width: nonNegative, height: nonNegative });
export const pointSchema = z.object({ x: z.number(), y: z.number() });

export const exposureSchema = z.object({
  /** Mean luma / 255. */
  meanLuminance: fraction,
  /** Share of pixels with luma <= 5 (crushed blacks). */
  shadowsClipped: fraction,
  /** Share of pixels with luma >= 250 (blown highlights). */
  highlightsClipped: fraction,
  /** Luma percentiles / 255. */
  p05: fraction,
  p50: fraction,
  p95: fraction,
});

export const sharpnessSchema = z.object({
  /** Variance of the 4-neighbour Laplacian of luma on the working image (whole frame). */
  laplacianVariance: nonNegative,
  /** The same minus the share explained by the measured noise (20 * sigma^2), floored at 0. */
  laplacianVarianceDenoised: nonNegative,
  /**
   * Laplacian variance (noise share removed) / luma variance: independent of exposure and contrast.
   * The blur test reads this (the face's when there is one).
   */
  relative: nonNegative,
  /** The same two inside the primary face box; null without a face (or a face < 16 px). */
  face: z.object({ laplacianVariance: nonNegative, relative: nonNegative }).nullable(),
});

export const noiseSchema = z.object({
  /** Immerkaer's estimate over the flattest 15% of 16x16 blocks, luma levels: robust to texture. */
  sigma: nonNegative,
  /** Immerkaer's estimate over the whole frame: texture and edges count as noise too. */
  sigmaGlobal: nonNegative,
});

export const colorSchema = z.object({
  /** Mean a*, b* of the least chromatic fifth of mid-tone pixels: where a cast shows. */
  castA: z.number(),
  castB: z.number(),
  /** sqrt(castA^2 + castB^2). */
  castChroma: nonNegative,
  /** Mean a*, b* of all mid-tone pixels (gray-world view; colourful scenes move it too). */
  meanA: z.number(),
  meanB: z.number(),
});

/** Measured from the face mesh and iris points (worker/imaging/landmarks.ts). */
export const faceLandmarksSchema = z.object({
  /** The mesh's face-presence score. */
  faceScore: fraction,
  /** Degrees. yaw > 0: the face turns toward the image's left (the subject's right); pitch > 0: chin up; roll > 0: clockwise as seen. */
  pose: z.object({ yawDegrees: z.number(), pitchDegrees: z.number(), rollDegrees: z.number() }),
  /** Eye aspect ratio (lid gap / corner distance) per eye, subject's sides. */
  eyes: z.object({ rightAspect: nonNegative, leftAspect: nonNegative }),
  /** openness: lip gap / mouth width; widthToEyes: mouth width / outer eye-corner distance; cornerLift: mouth corners above the lip centre / mouth width. */
  mouth: z.object({ openness: nonNegative, widthToEyes: nonNegative, cornerLift: z.number() }),
  /** Iris centre offset from the eye centre, both eyes averaged, in eye half-widths (x, > 0 toward the image's right) and half-heights (y, > 0 down). */
  gaze: z.object({ x: z.number(), y: z.number() }),
  /** Both eyes' region against the cheeks: mean luma ratio, and its spread over the cheek mean (dark and flat: sunglasses). */
  eyeRegion: z.object({ lumaRatio: nonNegative, contrast: nonNegative }),
});

/** What the landmarks say, by the thresholds in worker/imaging/landmarks.ts; null = cannot tell. */
export const faceAttributesSchema = z.object({
  eyesOpen: z.boolean().nullable(),
  smiling: z.boolean().nullable(),
  expression: z.enum(["happy", "neutral", "other"]).nullable(),
  /** Head and eyes toward the camera. */
  eyeContact: z.boolean().nullable(),
  /** Dark lenses over the eyes (from the eye region against the cheeks); null = cannot tell. */
  sunglasses: z.boolean().nullable(),
  /** One short sentence per judgement, for the analysis' reasons. */
  reasons: z.array(z.string()),
});

export const faceSchema = z.object({
  box: boxSchema,
  confidence: fraction,
  /** Null when the mesh did not look (beyond the largest 8 faces). */
  landmarks: faceLandmarksSchema.nullable(),
  attributes: faceAttributesSchema.nullable(),
  /** Named from the subject's side: their right eye is on the image's left. */
  keypoints: z.object({
    rightEye: pointSchema,
    leftEye: pointSchema,
    noseTip: pointSchema,
    mouth: pointSchema,
    rightEar: pointSchema,
    leftEar: pointSchema,
  }),
});

export const primaryFaceSchema = z.object({
  /** Index into `faces.items` of the largest face. */
  index: z.number().int().min(0),
  /** Face box area / frame area. */
  areaFraction: nonNegative,
  /** Face box width / frame width. */
  widthFraction: nonNegative,
  /** Box centre as fractions of the frame (0,0 top-left). */
  centerX: z.number(),
  centerY: z.number(),
  /** Distance from (box centre x, eye-line y) to the nearest rule-of-thirds intersection, in frame fractions. */
  thirdsDistance: nonNegative,
  /** Head roll from the eye line, degrees; positive = the head leans clockwise as the viewer sees it. */
  rollDegrees: z.number(),
  /** Eye-line height as a fraction of the frame height, from the top. */
  eyeLineHeight: z.number(),
});

export const bodySchema = z.object({
  /** full_body (shoulders, hips and ankles seen), half_body, head_and_shoulders, or none (no person). */
  framing: z.enum(["full_body", "half_body", "head_and_shoulders", "none"]),
  /** Keypoints seen at score >= 0.3, of 17 (imaging/pose.ts). */
  visible: z.number().int().min(0),
  /** Height of the seen body / frame height. */
  heightFraction: nonNegative,
  keypoints: z.array(z.object({ name: z.string(), x: z.number(), y: z.number(), score: fraction })),
  model: z.string(),
});

/** One thing the object detector found (imaging/objects.ts): only the classes imaging/coco.ts reports. */
export const sceneObjectSchema = z.object({
  label: z.enum(COCO_LABELS),
  category: z.enum(objectCategories),
  score: fraction,
  /** Source pixels. */
  box: boxSchema,
});

/** Detail outside the subject against on it: a busy background pulls the eye off the person. */
export const backgroundSchema = z.object({
  /** Mean luma gradient magnitude (|dx| + |dy|, levels) outside the subject region. */
  detail: nonNegative,
  /** The same on the subject region (the face box widened to the shoulders, down to the frame's bottom). */
  subjectDetail: nonNegative,
  /** Background area / frame area. */
  share: fraction,
});

/** Face vectors: base64 of 128 float32s each, and the network + chip geometry that made them. */
export const faceEmbeddingsSchema = z.object({ model: z.string(), vectors: z.array(z.string().nullable()) });

export const defectSchema = z.enum([
  "blurry",
  "too_dark",
  "overexposed",
  "noisy",
  "low_contrast",
  "color_cast",
  "low_resolution",
  "no_face",
  "multiple_faces",
  "face_too_small",
  "head_tilted",
]);

export const photoFeaturesSchema = z.object({
  version: z.literal(FEATURES_VERSION),
  source: z.object({
    type: z.enum(["jpeg", "png", "webp"]),
    /** Upright size (EXIF orientation applied). */
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    /** EXIF orientation of the file, 1 = stored upright. */
    orientation: z.number().int().min(1).max(8),
    bytes: z.number().int().positive(),
  }),
  resolution: z.object({
    megapixels: nonNegative,
    shortSide: z.number().int().positive(),
    /** width / height. */
    aspectRatio: z.number().positive(),
    orientation: z.enum(["portrait", "landscape", "square"]),
  }),
  /** The <= 512 px copy every metric was measured on. */
  working: z.object({ width: z.number().int().positive(), height: z.number().int().positive() }),
  exposure: exposureSchema,
  /** RMS contrast: standard deviation of luma / 255 (0..0.5). */
  contrast: z.object({ rms: nonNegative }),
  sharpness: sharpnessSchema,
  noise: noiseSchema,
  color: colorSchema,
  faces: z.object({
    count: z.number().int().min(0),
    items: z.array(faceSchema),
    primary: primaryFaceSchema.nullable(),
    detector: z.object({
      model: z.string(),
      backend: z.string(),
      inputSize: z.number().int(),
      minConfidence: fraction,
      /**
       * How the search went on after the whole frame: "frame" (a face filled it, or the fallback
       * detector ran), "tiles" (overlapping tiles) or "people" (the heads of the people the scene
       * detector found).
       */
      search: z.enum(["frame", "tiles", "people"]),
      /** Regions searched after the whole frame: tiles or people's heads (0 for "frame"). */
      tiles: z.number().int().min(0),
      /** Weak candidates looked at again, zoomed in. */
      rechecks: z.number().int().min(0),
      /** Why the bundled short-range detector ran instead of the full-range one; null when it did not. */
      fallback: z.string().nullable(),
    }),
  }),
  /**
   * The body pose, measured when the face alone cannot tell what the photo shows: no face found, or
   * the largest face narrower than POSE_BELOW_FACE_WIDTH of the frame (far-off, full-body and group
   * shots). Null when a face fills the frame: a portrait, where the pose adds nothing.
   */
  body: bodySchema.nullable(),
  /**
   * Things in the scene (imaging/objects.ts), looked for when the face does not fill the frame
   * (the same rule as `body`): a pet, a surfboard, a drink. Null when not looked for (a close-up).
   */
  objects: z.object({ items: z.array(sceneObjectSchema), model: z.string(), minScore: fraction }).nullable(),
  /** Null without a face to place the subject by. */
  background: backgroundSchema.nullable(),
  /**
   * One embedding per face (same order as `faces.items`; null for a face too small to embed), made
   * at upload through the vision Worker for the set's identity (worker/dating/set-faces.ts). Null
   * when not made: analyzePhoto alone never makes them.
   */
  faceEmbeddings: faceEmbeddingsSchema.nullable(),
  /** Difference hash of the working image's luma (./fingerprint.ts): near-copies in a set share most bits. */
  fingerprint: z.string().regex(/^[0-9a-f]{16}$/),
  /** Defects flagged with the thresholds named by `thresholdsVersion` (worker/imaging/thresholds.ts). */
  defects: z.array(defectSchema),
  thresholdsVersion: z.string(),
  /** Wall time per stage. Locally exact; in production Workers clocks only advance on I/O, so ~0. */
  timings: z.object({
    decodeMs: nonNegative,
    resizeMs: nonNegative,
    facesMs: nonNegative,
    poseMs: nonNegative,
    /** What was left to wait for the scene Worker once the pose was done (the two overlap). */
    objectsMs: nonNegative,
    metricsMs: nonNegative,
    totalMs: nonNegative,
  }),
});

export type PhotoFeatures = z.infer<typeof photoFeaturesSchema>;
export type Defect = z.infer<typeof defectSchema>;
export type Box = z.infer<typeof boxSchema>;
export type Point = z.infer<typeof pointSchema>;
export type DetectedFace = z.infer<typeof faceSchema>;
export type PrimaryFace = z.infer<typeof primaryFaceSchema>;
export type ImageMetrics = Pick<PhotoFeatures, "exposure" | "contrast" | "sharpness" | "noise" | "color">;
export type FaceLandmarks = z.infer<typeof faceLandmarksSchema>;
export type BodyFacts = z.infer<typeof bodySchema>;
export type FaceAttributes = z.infer<typeof faceAttributesSchema>;
/** A detector's face before the per-face models ran. */
export type SceneObject = z.infer<typeof sceneObjectSchema>;
export type FaceEmbeddings = z.infer<typeof faceEmbeddingsSchema>;
export type BackgroundFacts = z.infer<typeof backgroundSchema>;
export type FaceBox = Omit<DetectedFace, "landmarks" | "attributes">;
