// Photo judgement by a vision model, behind one interface. With OPENAI_API_KEY the OpenAI
// implementation; without it there is no judge, and analyses say they are local-only rather
// than inventing what pixels cannot tell (expression, eye contact, impressions, style).
import type { Config } from "../../env";
import type { PhotoFeatures } from "../../imaging/features";
import type { VisionJudgement } from "../../domain/photo-judgement";
import { OpenAiPhotoJudge } from "./openai";

export interface PhotoJudge {
  /** e.g. `openai:gpt-4.1-mini`: shown in every analysis it contributed to. */
  readonly name: string;
  /** Judges a small copy of the photo; throws if the model fails or answers off-schema. */
  judge(input: { jpeg: Uint8Array; features: PhotoFeatures }): Promise<VisionJudgement>;
}

export function photoJudge(config: Config): PhotoJudge | null {
  if (!config.OPENAI_API_KEY) return null;
  return new OpenAiPhotoJudge({
    apiKey: config.OPENAI_API_KEY,
    baseURL: config.OPENAI_BASE_URL,
    model: config.OPENAI_VISION_MODEL,
    timeoutMs: config.OPENAI_TIMEOUT_MS,
  });
}
