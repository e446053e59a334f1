// Defect thresholds over PhotoFeatures. PROVISIONAL: calibrated on the labelled fixture set in
// test/fixtures/photos (one real face, synthetic degradations, a few real scenes), whose measured
// values are tabled in bench/IMAGING-CALIBRATION.md (regenerate with
// `node --import tsx scripts/calibrate-imaging.ts`). Each threshold sits between the worst clean
// fixture and the mildest degraded one, at their geometric mean where the gap allows; the
// measured bounds are noted beside it. Re-calibrate on real, human-labelled uploads before
// letting a defect block anything: margins here are one or two fixtures wide.
import type { Defect, PhotoFeatures } from "./features";

export const THRESHOLDS_VERSION = "fixtures-v3";

export const IMAGING_THRESHOLDS = {
  /**
   * Faces below this detector confidence are not counted. Real faces scored 0.71 (the small one)
   * to 0.96; the best non-face 0.47 (the cat). The blown-out face (0.54) is lost: known miss.
   */
  faceMinConfidence: 0.6,
  blurry: {
    /** Relative sharpness of the whole frame, used without a face: real motion blur 0.014, sharp >= 0.078. */
    maxFrameRelative: 0.033,
    /**
     * Relative sharpness inside the primary face box (a portrait with a soft background is fine):
     * blurred faces 0.005 and 0.020, sharp >= 0.094 (the collage's upscaled crops; others >= 0.159).
     */
    maxFaceRelative: 0.043,
  },
  /** Mean luma: underexposed 0.131; the darkest good photo (a night launch) 0.221. */
  tooDark: { maxMeanLuminance: 0.17 },
  /**
   * Overexposed: 0.47 of pixels >= 250 and mean 0.77; good photos <= 0.009 and <= 0.59. The mean
   * bound sits above the geometric mean (0.67) on purpose: high-key portraits are bright by design.
   */
  overexposed: { minHighlightsClipped: 0.065, minMeanLuminance: 0.72 },
  /**
   * Block-wise Immerkaer sigma on the working image, calibrated inside workerd on photos as the
   * app uploads them (test/fixtures/app-upload.ts: fit in 2048 px, JPEG q85; then POST /v1/photos
   * and its stored q85 copy). Clean fixtures read <= 0.40. Seeded sensor noise of sigma 3 levels
   * per channel (an ordinary indoor phone shot) reads 0.29-0.97 at 1024-4032 px: the old 0.75
   * called a 1024 px one grainy. Visible grain: the grainy fixture 1.40 (mozjpeg removed much of
   * it in flat areas), sigma 8 at 1024 px >= 2.43, the noisy fixture 4.84. Geometric mean of 0.97
   * and 1.40. Sigma 8 in a 2560-4032 px photo reads 0.77-1.19: the app shrinks it to 2048 and the
   * grain is not visible at profile size. Table in bench/IMAGING-CALIBRATION.md.
   */
  noisy: { minSigma: 1.17, minShortSide: 400 },
  /**
   * RMS contrast: hazy 0.089, grey wall 0.082; good >= 0.126. Not flagged on a too-dark photo,
   * whose low contrast is the darkness itself (one defect, one fix).
   */
  lowContrast: { maxRms: 0.105 },
  /**
   * C*ab of the least chromatic pixels: yellow cast 22; a warm scene with no neutral surface
   * (coffee on wood) 12.4, the cat 8; others <= 3.
   */
  colorCast: { minCastChroma: 16 },
  /** A product rule, not calibrated: below this the photo looks soft on any phone. */
  lowResolution: { minShortSide: 400 },
  /** Face box width / frame width: the small face 0.140; the portrait 0.183-0.190, collage faces 0.22. */
  faceTooSmall: { maxWidthFraction: 0.16 },
  /**
   * Object detector score at which a reported class counts (imaging/objects.ts). The cat scores
   * 0.57 (alone) to 0.xx (pasted beside a person); the best wrong reported class on the set is
   * 0.xx. Other classes are not reported at all (imaging/coco.ts).
   */
  objectMinScore: 0.45,
  /** |roll| in degrees: the rotated copy 25; others <= 12 (the portrait itself leans ~9). */
  headTilted: { minAbsRollDegrees: 17 },
} as const;

type Widen<T> = { readonly [K in keyof T]: T[K] extends number ? number : Widen<T[K]> };
export type ImagingThresholds = Widen<typeof IMAGING_THRESHOLDS>;

/** The defects a photo shows under the given thresholds, in a fixed order. */
export function detectDefects(f: Omit<PhotoFeatures, "defects" | "thresholdsVersion" | "timings">, t: ImagingThresholds = IMAGING_THRESHOLDS): Defect[] {
  const defects: Defect[] = [];
  const face = f.sharpness.face;
  if (face !== null ? face.relative < t.blurry.maxFaceRelative : f.sharpness.relative < t.blurry.maxFrameRelative) defects.push("blurry");
  const tooDark = f.exposure.meanLuminance < t.tooDark.maxMeanLuminance;
  if (tooDark) defects.push("too_dark");
  if (f.exposure.highlightsClipped > t.overexposed.minHighlightsClipped || f.exposure.meanLuminance > t.overexposed.minMeanLuminance) defects.push("overexposed");
  // Below 400 px texture reads as grain (a clean 128 px portrait measures 1.31); such a photo gets
  // the low-resolution fix instead (one defect, one fix).
  if (f.noise.sigma > t.noisy.minSigma && f.resolution.shortSide >= t.noisy.minShortSide) defects.push("noisy");
  if (!tooDark && f.contrast.rms < t.lowContrast.maxRms) defects.push("low_contrast");
  if (f.color.castChroma > t.colorCast.minCastChroma) defects.push("color_cast");
  if (f.resolution.shortSide < t.lowResolution.minShortSide) defects.push("low_resolution");
  if (f.faces.count === 0) defects.push("no_face");
  if (f.faces.count >= 2) defects.push("multiple_faces");
  const primary = f.faces.primary;
  if (primary && primary.widthFraction < t.faceTooSmall.maxWidthFraction) defects.push("face_too_small");
  if (primary && Math.abs(primary.rollDegrees) > t.headTilted.minAbsRollDegrees) defects.push("head_tilted");
  return defects;
}
