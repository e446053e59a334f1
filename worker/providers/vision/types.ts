// The vision judge's contract. Its own file so the OpenAI implementation (openai.ts) and the
// choice of judge (index.ts) depend on it and not on each other.
import type { PhotoFeatures } from "../../imaging/features";
import type { VisionJudgement } from "../../domain/photo-judgement";

export interface PhotoJudge {
  /** e.g. `openai:gpt-4.1-mini`: shown in every analysis it contributed to. */
  readonly name: string;
  /** Judges a small copy of the photo; throws if the model fails or answers off-schema. */
  judge(input: { jpeg: Uint8Array; features: PhotoFeatures }): Promise<VisionJudgement>;
}
