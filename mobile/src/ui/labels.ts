// The one dictionary of what the user reads for the API's codes and enums, shared by both apps.
// Records are keyed by the generated unions: a new value on the server fails `tsc` until it has a
// label here. No screen shows a code, enum or key of its own.
import type { BioStyle, BioTone, DatingPlatform } from "../api/types";
import type { Choice } from "./Choices";

export const platformLabels: Record<DatingPlatform, string> = { tinder: "Tinder", bumble: "Bumble", hinge: "Hinge" };
export const styleLabels: Record<BioStyle, string> = {
  witty: "Witty",
  sincere: "Sincere",
  adventurous: "Adventurous",
  intellectual: "Intellectual",
  minimalist: "Minimalist",
  romantic: "Romantic",
};
export const toneLabels: Record<BioTone, string> = { playful: "Playful", balanced: "Balanced", earnest: "Earnest" };

export const choicesOf = <T extends string>(labels: Record<T, string>): Choice<T>[] =>
  (Object.keys(labels) as T[]).map((value) => ({ value, label: labels[value] }));

/** Photo quality defects found on upload (the API's `checks.defects`). */
export const defectLabels: Record<string, string> = {
  blurry: "blurry",
  too_dark: "too dark",
  overexposed: "overexposed",
  noisy: "grainy",
  low_contrast: "flat",
  color_cast: "colour cast",
  low_resolution: "low resolution",
  no_face: "no face found",
  multiple_faces: "more than one face",
};
