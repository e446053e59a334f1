// Is this selfie good enough to render headshots from? Identity-preserving models need one
// clear, reasonably large, sharp, well-lit face; anything else wastes the user's credit.
// Each problem comes with what to do about it.
import type { Defect, PhotoFeatures } from "../imaging/features";

export interface SelfieProblem {
  code: "no_face" | "multiple_faces" | "face_too_small" | "blurry" | "too_dark" | "overexposed" | "low_resolution";
  message: string;
}

/**
 * A lesser flaw: the selfie is accepted (generation does not refuse it), but the headshots may
 * come out weaker. The apps say so and still let the user go on; a SelfieProblem blocks.
 */
export interface SelfieAdvice {
  code: "noisy" | "color_cast" | "low_contrast" | "head_tilted";
  message: string;
}

/** A face narrower than this share of the frame gives the model too few pixels of you. */
export const MIN_SELFIE_FACE_WIDTH = 0.15;

/**
 * The facts the rules read: a narrow view of the features, so a list can fetch just these from
 * the database (see photoChecksColumn in worker/routes/photos.ts) instead of every measurement.
 */
export interface SelfieFacts {
  faces: { count: number; primary: Pick<NonNullable<PhotoFeatures["faces"]["primary"]>, "widthFraction"> | null };
  defects: readonly Defect[];
}

export function selfieProblems(f: SelfieFacts): SelfieProblem[] {
  const problems: SelfieProblem[] = [];
  if (f.faces.count === 0) problems.push({ code: "no_face", message: "We couldn't find a face. Use a photo of you, facing the camera." });
  if (f.faces.count > 1) problems.push({ code: "multiple_faces", message: `We found ${f.faces.count} faces. Use a photo with only you in it.` });
  const p = f.faces.primary;
  if (f.faces.count === 1 && p && p.widthFraction < MIN_SELFIE_FACE_WIDTH) {
    problems.push({
      code: "face_too_small",
      message: `Your face fills only ${Math.round(p.widthFraction * 100)}% of the photo's width. Move closer or crop so it fills about a third.`,
    });
  }
  if (f.defects.includes("blurry")) problems.push({ code: "blurry", message: "Your face is not sharp. Hold still and tap your face to focus." });
  if (f.defects.includes("too_dark")) problems.push({ code: "too_dark", message: "The photo is too dark. Face a window or go outside in the shade." });
  if (f.defects.includes("overexposed")) problems.push({ code: "overexposed", message: "The photo is too bright. Avoid direct sun and flash." });
  if (f.defects.includes("low_resolution")) problems.push({ code: "low_resolution", message: "The photo is too small. Use the original from your camera." });
  return problems;
}

const advice: Record<SelfieAdvice["code"], string> = {
  noisy: "it looks grainy. More light gives a cleaner face.",
  color_cast: "the colours are tinted. Daylight gives natural skin tones.",
  low_contrast: "it looks flat. Face a window for more defined light.",
  head_tilted: "your head is tilted. Keep it level with the camera.",
};

/** Advice for a usable selfie: only when nothing blocks it (a blocked one needs retaking anyway). */
export function selfieAdvice(f: SelfieFacts): SelfieAdvice[] {
  if (selfieProblems(f).length) return [];
  return (Object.keys(advice) as SelfieAdvice["code"][]).filter((code) => f.defects.includes(code)).map((code) => ({ code, message: advice[code] }));
}

/**
 * How good a reference a usable selfie is, higher is better: frontal (the nose midway between the
 * eyes), level, sharp, evenly exposed, a large face, and no lesser defects (noise, low resolution,
 * colour cast, low contrast, tilt). Eyes open is not measured yet (it needs face
 * landmarks); a closed-eye selfie still counts as a reference for the likeness check.
 */
export function referenceScore(f: PhotoFeatures): number {
  const p = f.faces.primary;
  if (!p || f.faces.count !== 1) return -Infinity;
  const face = f.faces.items[p.index]!;
  const { rightEye, leftEye, noseTip } = face.keypoints;
  const ex = leftEye.x - rightEye.x;
  const ey = leftEye.y - rightEye.y;
  const eyeDist = Math.max(1, Math.hypot(ex, ey));
  // The nose's offset from the eyes' midpoint along the eye line (so a rolled head is not "turned"):
  // 0 for a frontal face, ~0.5 for a three-quarter view.
  const turn = Math.abs(((noseTip.x - (rightEye.x + leftEye.x) / 2) * ex + (noseTip.y - (rightEye.y + leftEye.y) / 2) * ey) / eyeDist) / eyeDist;
  const frontal = Math.max(0, 1 - 2 * turn);
  const level = Math.max(0, 1 - Math.abs(p.rollDegrees) / 30);
  const sharp = Math.min(1, (f.sharpness.face?.relative ?? f.sharpness.relative) / 0.1);
  const exposure = Math.max(0, 1 - Math.abs(f.exposure.meanLuminance - 0.5) * 2.5) * (1 - Math.min(1, (f.exposure.highlightsClipped + f.exposure.shadowsClipped) * 5));
  const size = Math.min(1, p.widthFraction / 0.35);
  // Defects that do not block a selfie still make it a worse reference.
  const flaws = f.defects.filter((d) => ["noisy", "low_resolution", "color_cast", "low_contrast", "head_tilted"].includes(d)).length;
  return 3 * frontal + 2 * sharp + 2 * exposure + level + size - flaws;
}

/** Index of the best reference among usable selfies. */
export function bestReference(selfies: PhotoFeatures[]): number {
  let best = 0;
  selfies.forEach((f, i) => {
    if (referenceScore(f) > referenceScore(selfies[best]!)) best = i;
  });
  return best;
}
