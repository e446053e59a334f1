// What a vision model judges about a dating photo that pixels alone cannot tell. The schema is
// sent to the model as its structured-output format and validated again on the way back; every
// field is required so the model cannot silently skip one, and "unsure" is always an answer.
import { z } from "zod";

const impression = z.object({
  score: z.number().int().min(1).max(10),
  why: z.string().min(1).max(200),
});

export const photoTypes = ["selfie", "mirror_selfie", "close_up", "half_body", "full_body", "group", "activity", "pet", "travel", "no_person"] as const;

export const visionJudgementSchema = z.object({
  photoType: z.enum(photoTypes),
  expression: z.enum(["genuine_smile", "slight_smile", "neutral", "serious", "unflattering", "not_visible"]),
  eyeContact: z.enum(["with_camera", "away", "eyes_closed", "not_visible"]),
  sunglasses: z.boolean(),
  hat: z.boolean(),
  heavyFilter: z.boolean(),
  setting: z.string().min(1).max(60),
  outfit: z.string().min(1).max(60),
  approachability: z.number().int().min(1).max(10),
  impressions: z.object({ smart: impression, trustworthy: impression, attractive: impression }),
  /** One specific, kind, actionable sentence; the model's own words. */
  topFix: z.string().min(1).max(200),
});

export type VisionJudgement = z.infer<typeof visionJudgementSchema>;

/** Whether a photo of an analysis was judged by the vision model, and if not, why. */
export const visionStatuses = ["judged", "not_configured", "failed"] as const;

export interface VisionStatus {
  status: (typeof visionStatuses)[number];
  provider: string | null;
  reason?: string;
}
export type PhotoType = (typeof photoTypes)[number];
