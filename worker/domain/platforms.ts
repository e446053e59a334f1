// The dating platforms we write for and how much text each one accepts.
//
// Limits, as documented by third-party guides as of 2025 (the apps publish no developer
// documentation; re-check in the apps before changing a number):
// - Tinder "About me" bio: 500 characters (e.g. datingappworld.com, "How to write a good Tinder
//   bio", 2022: "stick to no more than 500 characters").
// - Bumble bio: 300 characters (Bumble setup guides: "You're limited to 300 characters here").
// - Hinge has no free bio, only prompt answers: 150 characters per answer (the figure repeated
//   across Hinge profile guides and other bio tools; we could not find it in Hinge's own pages).
//
// Length is counted in UTF-16 code units (JavaScript's `length`), the strictest of the counts
// the apps' text fields may use: an emoji counts 2, so a bio that fits here fits in the app.

export const datingPlatforms = ["tinder", "bumble", "hinge"] as const;
export type DatingPlatform = (typeof datingPlatforms)[number];

export interface PlatformTextLimit {
  /** What the text is on that platform. */
  kind: "bio" | "prompt_answer";
  maxChars: number;
  /**
   * The word range that reads best there. Tinder's own study (Opinium for Tinder, July 2023,
   * 1,000 singles aged 18-24) found 15-45 words ideal; the shorter fields scale it down.
   */
  idealWords: { min: number; max: number };
}

export const platformLimits: Record<DatingPlatform, PlatformTextLimit> = {
  tinder: { kind: "bio", maxChars: 500, idealWords: { min: 15, max: 45 } },
  bumble: { kind: "bio", maxChars: 300, idealWords: { min: 12, max: 40 } },
  hinge: { kind: "prompt_answer", maxChars: 150, idealWords: { min: 6, max: 25 } },
};

/** Length as the limits above count it. */
export const textLength = (text: string) => text.length;

export const fitsPlatform = (text: string, platform: DatingPlatform) => textLength(text) <= platformLimits[platform].maxChars;

/**
 * Real Hinge prompts (a selection of the app's list). A Hinge "bio" is an answer to one of them,
 * so every Hinge variant names the prompt it answers.
 */
export const hingePrompts = [
  "I geek out on",
  "Fact about me that surprises people",
  "A shower thought I recently had",
  "My simple pleasures",
  "Together, we could",
  "The way to win me over is",
  "I'm looking for",
  "Typical Sunday",
  "I go crazy for",
  "Let's debate this topic",
  "This year, I really want to",
] as const;
export type HingePrompt = (typeof hingePrompts)[number];
