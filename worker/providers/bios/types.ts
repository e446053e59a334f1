// The bio writers' contract: what a writer is asked and answers, and what the caller learns of a
// fallback. Its own file so the writers (local.ts, openai.ts) and the choice between them
// (index.ts) depend on it and not on each other.
import type { BioFacts, BioStyle } from "../../domain/bio-facts";
import type { BioAdjustment } from "../../domain/bio-screen";
import type { DatingPlatform, HingePrompt } from "../../domain/platforms";

export interface BioWriteRequest {
  /** Already cleaned (see domain/bio-facts.ts). */
  facts: BioFacts;
  style: BioStyle;
  platform: DatingPlatform;
  variants: number;
  /**
   * When one bio of a set is rewritten: the set's other bios and the one being replaced. The local
   * composer repeats none of their sentences and favours the facts the others leave out; the
   * model gets neither (a new sample from it is already a different bio).
   */
  replacing?: { others: string[]; previous: string; seed: number };
}

export interface WrittenBio {
  text: string;
  hingePrompt: HingePrompt | null;
  adjustments: BioAdjustment[];
}

export interface BioWriter {
  /** `local-template` or `openai:<model>`. */
  readonly name: string;
  write(req: BioWriteRequest): Promise<WrittenBio[]>;
}

export type FallbackReason = "circuit_open" | "upstream_unavailable" | "model_error" | "malformed_output" | "unsafe_output" | "system_prompt_leak" | "empty_output";

export interface BioSet {
  provider: string;
  fallback: { from: string; reason: FallbackReason } | null;
  bios: WrittenBio[];
}
