// OpenAI moderation of one image through the official SDK: POST /v1/moderations with
// omni-moderation-latest and the image as a base64 data URL (nothing is uploaded elsewhere).
// Rejected when any blocked category is flagged. When the endpoint is down (or its circuit is
// open) the image is reported unmoderated with the reason, and the caller decides.
import type OpenAI from "openai";
import type { Logger } from "../../log";
import { toBase64 } from "../../security/encoding";
import { CircuitOpenError, isAvailabilityFailure, throughBreaker, type CircuitBreaker } from "../openai/client";
import { BLOCKED_CATEGORIES, type ImageModerator, type ModerationResult } from "./types";

export const MODERATION_MODEL = "omni-moderation-latest";

export class OpenAiImageModerator implements ImageModerator {
  readonly name = `openai:${MODERATION_MODEL}`;

  constructor(
    private readonly client: OpenAI,
    private readonly breaker: CircuitBreaker,
    private readonly log?: Logger,
  ) {}

  async moderateImage(bytes: Uint8Array, contentType: string): Promise<ModerationResult> {
    const url = `data:${contentType};base64,${toBase64(bytes)}`;
    try {
      const response = await throughBreaker(this.breaker, () => this.client.moderations.create({ model: MODERATION_MODEL, input: [{ type: "image_url", image_url: { url } }] }));
      const flags = response.results[0]?.categories as unknown as Record<string, boolean> | undefined;
      if (!flags) throw new Error("moderation answer without a result");
      const categories = BLOCKED_CATEGORIES.filter((c) => flags[c] === true);
      return { status: categories.length ? "rejected" : "passed", categories, provider: this.name };
    } catch (err) {
      const unavailable = err instanceof CircuitOpenError || isAvailabilityFailure(err);
      this.log?.warn("image moderation failed; photo left unmoderated", { provider: this.name, unavailable, error: err instanceof Error ? err.message : String(err) });
      return { status: "unmoderated", categories: [], provider: this.name, reason: unavailable ? "provider_unavailable" : "provider_error" };
    }
  }
}
