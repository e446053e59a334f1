// How much to trust a rendered headshot, from the imaging core's measurements of the output:
// exactly one face, large enough, sharp, well exposed. A confidence of 0-100 that the gallery
// can show and that flags renders worth a free redo. It says nothing about likeness (that needs
// a face-embedding model); it catches the failures a user would see at once.
import type { PhotoFeatures } from "../imaging/features";

export interface HeadshotQuality {
  confidence: number;
  faces: number;
  faceWidth: number | null;
  defects: string[];
}

export function assessHeadshot(f: PhotoFeatures): HeadshotQuality {
  let confidence = 100;
  if (f.faces.count === 0) confidence = 5;
  else if (f.faces.count > 1) confidence -= 50;
  const penalties: Partial<Record<string, number>> = {
    blurry: 25,
    too_dark: 20,
    overexposed: 20,
    noisy: 10,
    color_cast: 10,
    low_contrast: 5,
    face_too_small: 20,
    head_tilted: 10,
    low_resolution: 15,
  };
  for (const d of f.defects) confidence -= penalties[d] ?? 0;
  return { confidence: Math.max(0, Math.min(100, confidence)), faces: f.faces.count, faceWidth: f.faces.primary?.widthFraction ?? null, defects: f.defects };
}

/** A generation's score is its weakest image's: one bad render is what the user notices. */
export function generationConfidence(qualities: HeadshotQuality[]): number | null {
  return qualities.length ? Math.min(...qualities.map((q) => q.confidence)) : null;
}
