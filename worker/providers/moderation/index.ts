// Image moderation behind one interface: OpenAI's moderation endpoint (omni-moderation-latest,
// the image sent inline as a data URL) when OPENAI_API_KEY is set; otherwise nothing is checked
// and the answer says so ("unmoderated"). Callers store the status with the photo.
import type { Config } from "../../env";
import type { Logger } from "../../log";
import { breakerFor, createOpenAiClient } from "../openai/client";
import { OpenAiImageModerator, MODERATION_MODEL } from "./openai";

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

const unconfigured: ImageModerator = {
  name: "none",
  async moderateImage() {
    return { status: "unmoderated", categories: [], provider: "none", reason: "not_configured" };
  },
};

/** Per attempt; one retry. An upload waits on this, so it is kept short. */
const MODERATION_RETRIES = 1;

export function imageModerator(config: Config, log?: Logger): ImageModerator {
  if (!config.OPENAI_API_KEY) return unconfigured;
  const client = createOpenAiClient({
    apiKey: config.OPENAI_API_KEY,
    baseURL: config.OPENAI_BASE_URL,
    timeoutMs: config.OPENAI_TIMEOUT_MS,
    maxRetries: MODERATION_RETRIES,
  });
  return new OpenAiImageModerator(client, breakerFor(config.OPENAI_BASE_URL, MODERATION_MODEL), log);
}
