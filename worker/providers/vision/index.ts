// Photo judgement by a vision model, behind one interface. With OPENAI_API_KEY the OpenAI
// implementation; without it there is no judge, and analyses say they are local-only rather
// than inventing what pixels cannot tell (expression, eye contact, impressions, style).
import type { Config } from "../../env";
import { OpenAiPhotoJudge } from "./openai";
import type { PhotoJudge } from "./types";

export type { PhotoJudge } from "./types";

export function photoJudge(config: Config): PhotoJudge | null {
  if (!config.OPENAI_API_KEY) return null;
  return new OpenAiPhotoJudge({
    apiKey: config.OPENAI_API_KEY,
    baseURL: config.OPENAI_BASE_URL,
    model: config.OPENAI_VISION_MODEL,
    timeoutMs: config.OPENAI_TIMEOUT_MS,
  });
}
