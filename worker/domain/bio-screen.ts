// The last gate between a model's text and the user: whatever the model was told, its output is
// checked here as untrusted input. Leaks of the system prompt and unsafe content reject the
// answer (the caller regenerates once, then falls back); contact details are stripped and
// over-long text trimmed at a word boundary, each recorded so the response can say so.
import { trimToLimit } from "./bio-fit";
import { refusalReason, repeatsPassage, stripContactDetails, type RefusalReason } from "./bio-safety";
import { wordsOf } from "./bio-review";
import { platformLimits, textLength, type DatingPlatform } from "./platforms";

export type BioAdjustment = "contact_details_removed" | "trimmed_to_limit";

export type ScreenRejection = "system_prompt_leak" | "unsafe_output" | "empty_output";

export type ScreenResult = { ok: true; text: string; adjustments: BioAdjustment[] } | { ok: false; reason: ScreenRejection };

export interface PromptSecrets {
  /** The system prompt: no run of six of its words may appear in a bio. */
  systemPrompt: string;
  /** A marker planted in the system prompt that has no business in any bio. */
  canary: string;
}

export function screenWrittenBio(raw: string, platform: DatingPlatform, secrets: PromptSecrets): ScreenResult {
  const text = raw.replace(/\s+/g, " ").trim();
  if (text.toLowerCase().includes(secrets.canary.toLowerCase()) || repeatsPassage(text, secrets.systemPrompt)) {
    return { ok: false, reason: "system_prompt_leak" };
  }
  if (refusalReason(text)) return { ok: false, reason: "unsafe_output" };

  const adjustments: BioAdjustment[] = [];
  const stripped = stripContactDetails(text);
  let out = stripped.text;
  if (stripped.removed.length) adjustments.push("contact_details_removed");
  const { maxChars } = platformLimits[platform];
  if (textLength(out) > maxChars) {
    out = trimToLimit(out, maxChars);
    adjustments.push("trimmed_to_limit");
  }
  // Three words is the least that still says something about a person.
  if (wordsOf(out).length < 3) return { ok: false, reason: "empty_output" };
  return { ok: true, text: out, adjustments };
}

export type EditRejection = { reason: "content_refused"; refusal: RefusalReason } | { reason: "over_limit"; maxChars: number } | { reason: "too_short" };

/**
 * A bio the user edited by hand goes through the same gate as a written one, except that their
 * words are never cut: text over the platform's limit is refused (they choose what to drop).
 * Contact details are stripped, as everywhere, and reported.
 */
export function screenEditedBio(raw: string, platform: DatingPlatform): { ok: true; text: string; adjustments: BioAdjustment[] } | ({ ok: false } & EditRejection) {
  const text = raw
    .replace(/[ \t]+/g, " ")
    .replace(/\s*\n\s*/g, "\n")
    .trim();
  const refusal = refusalReason(text);
  if (refusal) return { ok: false, reason: "content_refused", refusal };
  const stripped = stripContactDetails(text);
  const { maxChars } = platformLimits[platform];
  if (textLength(stripped.text) > maxChars) return { ok: false, reason: "over_limit", maxChars };
  if (wordsOf(stripped.text).length < 3) return { ok: false, reason: "too_short" };
  return { ok: true, text: stripped.text, adjustments: stripped.removed.length ? ["contact_details_removed"] : [] };
}
