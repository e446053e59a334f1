// Is this selfie good enough to render headshots from? Identity-preserving models need one
// clear, reasonably large, sharp, well-lit face; anything else wastes the user's credit.
// Each problem comes with what to do about it.
import type { Defect, PhotoFeatures } from "../imaging/features";

export interface SelfieProblem {
  code: "no_face" | "multiple_faces" | "face_too_small" | "blurry" | "too_dark" | "overexposed" | "low_resolution";
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
    problems.push({ code: "face_too_small", message: `Your face fills only ${Math.round(p.widthFraction * 100)}% of the photo's width. Move closer or crop so it fills about a third.` });
  }
  if (f.defects.includes("blurry")) problems.push({ code: "blurry", message: "Your face is not sharp. Hold still and tap your face to focus." });
  if (f.defects.includes("too_dark")) problems.push({ code: "too_dark", message: "The photo is too dark. Face a window or go outside in the shade." });
  if (f.defects.includes("overexposed")) problems.push({ code: "overexposed", message: "The photo is too bright. Avoid direct sun and flash." });
  if (f.defects.includes("low_resolution")) problems.push({ code: "low_resolution", message: "The photo is too small. Use the original from your camera." });
  return problems;
}
