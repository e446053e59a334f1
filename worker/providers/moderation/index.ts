// Image moderation behind one interface: OpenAI's moderation endpoint (omni-moderation-latest,
// the image sent inline as a data URL) when OPENAI_API_KEY is set; otherwise nothing is checked
// and the answer says so ("unmoderated"). Callers store the status with the photo.
import type { Config } from "../../env";
import type { Logger } from "../../log";
import { breakerFor, createOpenAiClient } from "../openai/client";
import { OpenAiImageModerator, MODERATION_MODEL } from "./openai";
import type { ImageModerator } from "./types";

export { BLOCKED_CATEGORIES, type ImageModerator, type ModerationResult, type ModerationStatus } from "./types";

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
