// The moderation contract on its own, so the implementations (openai.ts) and the choice between
// them (index.ts) both depend on it and not on each other.
export type ModerationStatus = "passed" | "rejected" | "unmoderated";

export interface ModerationResult {
  status: ModerationStatus;
  /** The blocked categories the image was flagged for (empty unless rejected). */
  categories: string[];
  /** `none` or `openai:<model>`. */
  provider: string;
  /** Why an image went unmoderated: no provider configured, or the provider failed. */
  reason?: "not_configured" | "provider_unavailable" | "provider_error";
}

export interface ImageModerator {
  readonly name: string;
  moderateImage(bytes: Uint8Array, contentType: string): Promise<ModerationResult>;
}

/**
 * Categories that reject a dating photo or selfie. Others the model scores (harassment, hate,
 * illicit) are about text and do not apply to a picture of the user.
 */
export const BLOCKED_CATEGORIES = ["sexual", "sexual/minors", "violence", "violence/graphic", "self-harm", "self-harm/intent", "self-harm/instructions"] as const;
