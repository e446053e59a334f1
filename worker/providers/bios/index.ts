// Bio writers behind one interface: OpenAI when OPENAI_API_KEY is set, the local composer
// otherwise, and the local composer again whenever the model cannot deliver. The caller always
// learns which one wrote the bios (`provider`) and, after a fallback, from what and why: the
// local composer is never passed off as AI.
import type { Config } from "../../env";
import type { Logger } from "../../log";
import { breakerFor, createOpenAiClient } from "../openai/client";
import { LocalBioWriter } from "./local";
import { BioRefusedByModel, BioWriterFailure, OpenAiBioWriter } from "./openai";

import type { BioSet, BioWriter, BioWriteRequest } from "./types";

export type { BioSet, BioWriter, BioWriteRequest, FallbackReason, WrittenBio } from "./types";
export { BioRefusedByModel, BioWriterFailure } from "./openai";

/** The SDK's retries (429, 5xx, timeouts) on top of the first attempt. */
const OPENAI_RETRIES = 2;

export function bioWriterFor(config: Config): BioWriter {
  if (!config.OPENAI_API_KEY) return new LocalBioWriter();
  const client = createOpenAiClient({
    apiKey: config.OPENAI_API_KEY,
    baseURL: config.OPENAI_BASE_URL,
    timeoutMs: config.OPENAI_TIMEOUT_MS,
    maxRetries: OPENAI_RETRIES,
  });
  const model = config.OPENAI_BIO_MODEL;
  // The whole call, retries included, must end in time for the user: 2.5 attempts' worth.
  return new OpenAiBioWriter(client, model, breakerFor(config.OPENAI_BASE_URL, model), Math.round(config.OPENAI_TIMEOUT_MS * 2.5));
}

export async function writeBios(config: Config, req: BioWriteRequest, log: Logger): Promise<BioSet> {
  const local = new LocalBioWriter();
  const primary = bioWriterFor(config);
  if (primary instanceof LocalBioWriter) return { provider: local.name, fallback: null, bios: await local.write(req) };
  try {
    return { provider: primary.name, fallback: null, bios: await primary.write(req) };
  } catch (err) {
    if (err instanceof BioRefusedByModel) throw err;
    const reason = err instanceof BioWriterFailure ? err.reason : "model_error";
    const cause = err instanceof BioWriterFailure ? err.cause : err;
    log.warn("bio model failed; using the local composer", { provider: primary.name, reason, error: cause instanceof Error ? cause.message : String(cause) });
    return { provider: local.name, fallback: { from: primary.name, reason }, bios: await local.write(req) };
  }
}
