// The one dictionary of what the user reads for the API's codes and enums, shared by both apps.
// Records are keyed by the generated unions: a new value on the server fails `tsc` until it has a
// label here. No screen shows a code, enum or key of its own.
import type {
  BioStyle,
  BioTone,
  DatingPlatform,
  DropCode,
  FormalityLevel,
  FixImpact,
  GenerationStatus,
  MissingCode,
  PhotoDefect,
  PhotoType,
  ScoreCapCode,
  ScoreDimension,
  ScoreSource,
  VisionStatus,
} from "../api/types";
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

export const choicesOf = <T extends string>(labels: Record<T, string>): Choice<T>[] => (Object.keys(labels) as T[]).map((value) => ({ value, label: labels[value] }));

/** Photo quality defects found on upload (the API's `checks.defects`), as a phrase in a list. */
export const defectLabels: Record<PhotoDefect, string> = {
  blurry: "blurry",
  too_dark: "too dark",
  overexposed: "overexposed",
  noisy: "grainy",
  low_contrast: "flat",
  color_cast: "colour cast",
  low_resolution: "low resolution",
  no_face: "no face found",
  multiple_faces: "more than one face",
  face_too_small: "face too small",
  head_tilted: "head tilted",
};

/** The eight scores of a photo: a name and what it looks at. Listed in this order on screen. */
export const dimensionLabels: Record<ScoreDimension, { name: string; explains: string }> = {
  technicalQuality: { name: "Photo quality", explains: "Sharp, clean and detailed enough for a big screen." },
  lighting: { name: "Lighting", explains: "Your face evenly lit: not too dark, not washed out." },
  composition: { name: "Framing", explains: "Your face a good size in the frame, head straight." },
  faceVisibility: { name: "Face visible", explains: "One face, clearly you, in focus." },
  expression: { name: "Expression", explains: "A real smile usually does best." },
  eyeContact: { name: "Eye contact", explains: "Eyes open, looking into the camera." },
  impression: { name: "First impression", explains: "How smart, trustworthy and attractive you come across." },
  styleAndSetting: { name: "Style and setting", explains: "Outfit and background that say something about you." },
};

export const photoTypeLabels: Record<PhotoType, string> = {
  selfie: "Selfie",
  mirror_selfie: "Mirror selfie",
  close_up: "Close-up",
  half_body: "Half body",
  full_body: "Full body",
  group: "Group photo",
  activity: "Doing something",
  pet: "With a pet",
  travel: "Travel",
  no_person: "No one in it",
  unknown: "Kind of photo not recognised",
};

/** What a set lacks, as a short title; the API's message says what to add. */
export const missingLabels: Record<MissingCode, string> = {
  no_clear_solo_face: "A clear solo photo of your face",
  no_full_body: "A full-body photo",
  no_activity: "A photo of you doing something",
  too_many_group_photos: "Fewer group photos",
  all_selfies: "Photos someone else took",
  need_more_photos: "More photos",
};

/** Why a photo is left out of a platform's order, as a short title; the API's reason says more. */
export const dropLabels: Record<DropCode, string> = {
  duplicate: "The same photo twice",
  low_score: "Scores too low",
  near_copy: "Near-copy",
  not_you: "You are not in it",
  extra_group: "A second group photo",
  over_limit: "More than the app shows",
};

/** How dressed-up a headshot style is. */
export const formalityLabels: Record<FormalityLevel, string> = { formal: "Formal", professional: "Professional", smart_casual: "Smart casual", casual: "Casual" };

/** How much a fix is worth. */
export const impactLabels: Record<FixImpact, string> = { high: "Big difference", medium: "Helps", low: "Small touch" };

/** Who gave a score: our own measurements of the photo, or the AI vision model. */
export const sourceLabels: Record<ScoreSource, string> = { local: "Measured from the photo itself", vision: "Judged by the AI vision model" };

/** Why a score the AI vision model gives is missing. */
export const notMeasuredWhy: Record<VisionStatus, string> = {
  judged: "The AI vision model gave no score for this.",
  not_configured: "Needs the AI vision model, which isn't switched on yet.",
  failed: "The AI vision model couldn't judge this photo this time.",
};

/** Why a photo's score is held down, as a few words for its badge (the API's reason says more). */
export const scoreCapLabels: Record<ScoreCapCode, string> = {
  no_person: "no one in it",
  poor_light: "too dark",
  out_of_focus: "out of focus",
  below_photos_of_you: "ranked after photos of you",
};

/** Where a headshot generation is, as a gallery entry's short status. */
export const generationStatusLabels: Record<GenerationStatus, string> = {
  pending: "Getting ready",
  queued: "In the queue",
  processing: "Being created",
  succeeded: "Ready",
  failed: "Failed",
  canceled: "Canceled",
};

/** Marks on a photo's thumbnail. */
export type PhotoBadge = "lead" | "drop" | "nearCopy" | "notYou" | "group" | "noFace" | "capped" | "pet";
export const badgeLabels: Record<PhotoBadge, string> = {
  lead: "Lead",
  drop: "Drop",
  nearCopy: "Near-copy",
  notYou: "Not you",
  group: "Group",
  noFace: "No face",
  capped: "Capped",
  pet: "Pet",
};

/** How a whole analysis was made, by what the AI vision model did for the set. */
export const analysisMethodLabels: Record<VisionStatus, string> = {
  judged: "Light, focus, framing, faces, expression and eye contact are measured from your photos; first impression and style are judged by an AI vision model.",
  not_configured:
    "Everything here is measured from your photos: light, focus, framing, faces, expression, eye contact and what is in the scene. The AI vision model, which isn't switched on yet, would judge first impression and style in its own words.",
  failed:
    "Everything here is measured from your photos: light, focus, framing, faces, expression, eye contact and what is in the scene. The AI vision model couldn't add its judgement this time.",
};
