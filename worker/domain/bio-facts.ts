// What a bio is made from: the user's own facts, a style and a tone. Facts are cleaned once,
// here, before any writer (the model or the local composer) sees them: contact details are
// removed and sentences that read like instructions are dropped, each with a warning the
// response passes on, so the user knows why something they typed is missing.
import { isInstructionLike, refusalReason, stripContactDetails, type RefusalReason } from "./bio-safety";

export const bioStyles = ["witty", "sincere", "adventurous", "intellectual", "minimalist", "romantic"] as const;
export type BioStyle = (typeof bioStyles)[number];

export const bioTones = ["playful", "balanced", "earnest"] as const;
export type BioTone = (typeof bioTones)[number];

/** How each style should read; the model gets this text, the composer has templates for it. */
export const styleGuides: Record<BioStyle, string> = {
  witty: "dry, self-aware humour built on a real detail; one clever turn, not a string of jokes",
  sincere: "warm and direct; says what matters to the person and what they hope for",
  adventurous: "energetic, outdoors and doing things; invites the reader along",
  intellectual: "curious and articulate; ideas, books, questions worth arguing about",
  minimalist: "very short; a few concrete fragments and one question",
  romantic: "tender and hopeful, specific rather than flowery",
};

export interface BioFacts {
  interests: string[];
  work?: string;
  lookingFor?: string;
  /** A few true, specific things ("I've run 3 marathons", "I make a mean dal"). */
  specifics: string[];
  tone: BioTone;
}

export type FactWarning = "contact_details_removed" | "instruction_like_text_ignored";

export interface CleanFacts {
  facts: BioFacts;
  warnings: FactWarning[];
}

const normalise = (s: string) =>
  s
    .replace(/\s+/g, " ")
    .trim()
    .replace(/[.;,]+$/, "");

/** Splits free text into sentences so one bad sentence does not cost the whole fact. */
const sentences = (s: string) => s.split(/(?<=[.!?])\s+|\n+/).filter((x) => x.trim());

function clean(text: string, warnings: Set<FactWarning>): string {
  const kept = sentences(text).filter((sentence) => {
    if (isInstructionLike(sentence)) {
      warnings.add("instruction_like_text_ignored");
      return false;
    }
    return true;
  });
  const { text: stripped, removed } = stripContactDetails(kept.join(" "));
  if (removed.length) warnings.add("contact_details_removed");
  return normalise(stripped);
}

/** The facts with contact details and instruction-like text removed, and what was removed. */
export function cleanFacts(facts: BioFacts): CleanFacts {
  const warnings = new Set<FactWarning>();
  const list = (xs: string[]) => xs.map((x) => clean(x, warnings)).filter((x) => x.length >= 2);
  const optional = (x: string | undefined) => {
    if (x === undefined) return undefined;
    const c = clean(x, warnings);
    return c.length >= 2 ? c : undefined;
  };
  const cleaned: BioFacts = {
    interests: list(facts.interests),
    specifics: list(facts.specifics),
    tone: facts.tone,
  };
  const work = optional(facts.work);
  const lookingFor = optional(facts.lookingFor);
  if (work) cleaned.work = work;
  if (lookingFor) cleaned.lookingFor = lookingFor;
  return { facts: cleaned, warnings: [...warnings] };
}

/** Enough left to write from: at least one interest or one specific. */
export const hasUsableFacts = (f: BioFacts) => f.interests.length + f.specifics.length > 0;

/** The first fact that must not be written about, with why (explicit or hateful). */
export function refusedFact(facts: BioFacts): { field: string; reason: RefusalReason } | null {
  const fields: [string, string | undefined][] = [
    ...facts.interests.map((x, i) => [`facts.interests.${i}`, x] as [string, string]),
    ...facts.specifics.map((x, i) => [`facts.specifics.${i}`, x] as [string, string]),
    ["facts.work", facts.work],
    ["facts.lookingFor", facts.lookingFor],
  ];
  for (const [field, value] of fields) {
    const reason = value ? refusalReason(value) : null;
    if (reason) return { field, reason };
  }
  return null;
}
