// Display names for the API's enums. Records keyed by the generated unions: a new value on the
// server fails `tsc` until it has a label here.
import type { BioStyle, BioTone, DatingPlatform } from "../../api/types";
import type { Choice } from "../../ui";

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
