// The local bio writer: no model, no network. It builds bios only from the user's own (cleaned)
// facts, dropped into hand-written sentence templates per style, so it cannot invent anything
// about the person. Deterministic: the same facts, style and platform always give the same
// bios, which makes it testable and makes "regenerate" predictable when no model is configured.
//
// Templates use labelled fragments ("Day job: <work>.") rather than grammar that depends on the
// fact's wording, so any noun phrase the user typed reads correctly.
import type { BioFacts, BioStyle } from "./bio-facts";
import { trimToLimit } from "./bio-fit";
import { platformLimits, textLength, type DatingPlatform, type HingePrompt } from "./platforms";

export interface ComposedBio {
  text: string;
  /** The Hinge prompt this answers (Hinge only). */
  hingePrompt: HingePrompt | null;
}

interface Slots {
  s1?: string;
  s2?: string;
  i1?: string;
  i2?: string;
  work?: string;
  lookingFor?: string;
}

type Template = (s: Slots) => string | false | undefined;

interface StyleTemplates {
  lead: Template[];
  body: Template[];
  want: Template[];
  hook: Template[];
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const and = (a?: string, b?: string) => (a && b ? `${a} and ${b}` : a);

const templates: Record<BioStyle, StyleTemplates> = {
  witty: {
    lead: [(s) => s.s1 && `${cap(s.s1)}. Yes, really.`, (s) => s.work && s.i1 && `Day job: ${s.work}. Real job: ${s.i1}.`, (s) => s.s1 && `Fun fact: ${s.s1}.`],
    body: [
      (s) => s.i1 && `Will talk about ${s.i1} for longer than is socially acceptable.`,
      (s) => s.i1 && s.i2 && `Current obsessions: ${s.i1}, ${s.i2}, and pretending I have a third.`,
      (s) => s.i1 && `Questionably talented at ${s.i1}, committed anyway.`,
    ],
    want: [(s) => s.lookingFor && `Looking for ${s.lookingFor}.`, (s) => s.lookingFor && `Ideally: ${s.lookingFor}.`],
    hook: [(s) => s.i1 && `Tell me your most controversial ${s.i1} opinion.`, () => `Tell me the weirdest thing you're good at.`, (s) => s.i2 && `${cap(s.i2)} recommendations welcome; bad ones debated.`],
  },
  sincere: {
    lead: [(s) => s.s1 && `Something true about me: ${s.s1}.`, (s) => s.work && `By day: ${s.work}.`, (s) => s.i1 && `What fills my weekends: ${and(s.i1, s.i2)}.`],
    body: [(s) => s.i1 && s.i2 && `I'm happiest with ${s.i1} and ${s.i2}.`, (s) => s.i1 && `${cap(s.i1)} is where I feel most like myself.`, (s) => s.s2 && `Also true: ${s.s2}.`],
    want: [(s) => s.lookingFor && `I'm hoping to find ${s.lookingFor}.`, (s) => s.lookingFor && `What I'm looking for: ${s.lookingFor}.`],
    hook: [() => `What's something you could talk about for hours?`, () => `What does a good Sunday look like for you?`, (s) => s.i1 && `Tell me what you love about ${s.i1}, or what you'd love instead.`],
  },
  adventurous: {
    lead: [(s) => s.s1 && `${cap(s.s1)}.`, (s) => s.i1 && `Weekends are for ${and(s.i1, s.i2)}.`, (s) => s.s1 && `Proof I say yes to things: ${s.s1}.`],
    body: [(s) => s.s2 && `Also: ${s.s2}.`, (s) => s.i1 && `Always up for more ${s.i1}.`, (s) => s.work && `When I'm not out there: ${s.work}.`],
    want: [(s) => s.lookingFor && `Looking for ${s.lookingFor}, ideally someone who says yes to plans.`, (s) => s.lookingFor && `Here for ${s.lookingFor}.`],
    hook: [(s) => s.i1 && `Pitch me our first ${s.i1} outing.`, () => `Where should we go first?`, () => `Your move: pick the plan, I'll bring snacks.`],
  },
  intellectual: {
    lead: [(s) => s.work && `Currently: ${s.work}.`, (s) => s.s1 && `A fact about me: ${s.s1}.`, (s) => s.i1 && `Thinking lately about ${and(s.i1, s.i2)}.`],
    body: [
      (s) => s.i1 && `I think about ${s.i1} more than is strictly necessary.`,
      (s) => s.i1 && s.i2 && `Reading, talking and arguing about ${s.i1} and ${s.i2}.`,
      (s) => s.s1 && `Evidence of curiosity: ${s.s1}.`,
    ],
    want: [(s) => s.lookingFor && `Looking for ${s.lookingFor}.`, (s) => s.lookingFor && `Hoping for ${s.lookingFor}, and good conversation on the way.`],
    hook: [(s) => s.i1 && `Convince me of something about ${s.i1} I'd disagree with.`, () => `What's the last thing that changed your mind?`, () => `Recommend me a book and defend it.`],
  },
  minimalist: {
    lead: [(s) => [s.work, s.i1, s.i2].filter(Boolean).length > 0 && `${[s.work, s.i1, s.i2].filter((x): x is string => !!x).map(cap).join(". ")}.`, (s) => s.s1 && `${cap(s.s1)}.`],
    body: [(s) => s.s1 && `${cap(s.s1)}.`, (s) => s.i1 && `${cap(s.i1)}.`],
    want: [(s) => s.lookingFor && `${cap(s.lookingFor)}.`],
    hook: [(s) => s.i1 && `Your take on ${s.i1}?`, () => `You?`],
  },
  romantic: {
    lead: [(s) => s.s1 && `A small true thing: ${s.s1}.`, (s) => s.i1 && `My idea of a good evening involves ${s.i1}.`, (s) => s.work && `By day: ${s.work}. By night: hopeful.`],
    body: [(s) => s.i1 && `I'd love someone to share ${and(s.i1, s.i2)} with.`, (s) => s.s2 && `Another true thing: ${s.s2}.`, (s) => s.i1 && `Happiest with ${s.i1} and good company.`],
    want: [(s) => s.lookingFor && `Hoping to find ${s.lookingFor}.`, (s) => s.lookingFor && `Looking for ${s.lookingFor}.`],
    hook: [() => `What's your idea of a perfect first date?`, (s) => s.i1 && `Tell me your favourite thing about ${s.i1}.`, () => `What made you smile today?`],
  },
};

/** Hinge prompts the composer can answer from facts alone, and how. */
const hingeAnswers: { prompt: HingePrompt; answer: Template }[] = [
  { prompt: "I geek out on", answer: (s) => s.i1 && `${cap(and(s.i1, s.i2)!)}.` },
  { prompt: "Fact about me that surprises people", answer: (s) => s.s1 && `${cap(s.s1)}.` },
  { prompt: "My simple pleasures", answer: (s) => s.i1 && `${cap(s.i1)}${s.i2 ? `, ${s.i2}` : ""}, and good company.` },
  { prompt: "I'm looking for", answer: (s) => s.lookingFor && `${cap(s.lookingFor)}.` },
  { prompt: "Typical Sunday", answer: (s) => s.i1 && `${cap(s.i1)}${s.i2 ? `, then ${s.i2}` : ""}.` },
  { prompt: "Together, we could", answer: (s) => s.i1 && `Trade ${s.i1} recommendations and find out who has better taste.` },
];

/** FNV-1a: a stable seed from the input, so output is deterministic but varies with the facts. */
function seedOf(value: unknown): number {
  let h = 0x811c9dc5;
  for (const ch of JSON.stringify(value)) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

const rotate = <T>(xs: readonly T[], n: number): T | undefined => (xs.length ? xs[n % xs.length] : undefined);

function slotsFor(facts: BioFacts, v: number): Slots {
  const { interests: I, specifics: S } = facts;
  const slots: Slots = {};
  if (S.length) slots.s1 = S[v % S.length];
  if (S.length > 1) slots.s2 = S[(v + 1) % S.length];
  if (I.length) slots.i1 = I[v % I.length];
  if (I.length > 1) slots.i2 = I[(v + 1) % I.length];
  if (facts.work) slots.work = facts.work;
  if (facts.lookingFor) slots.lookingFor = facts.lookingFor;
  return slots;
}

/**
 * The first template (from `offset`, wrapping) that can be filled and repeats no fact already
 * used in `earlier` parts: "Bouldering. Jazz. Bouldering." reads like a bug.
 */
function pick(list: Template[], slots: Slots, offset: number, earlier: (string | undefined)[] = []): string | undefined {
  const facts = Object.values(slots).filter((f): f is string => !!f).map((f) => f.toLowerCase());
  const used = facts.filter((f) => earlier.some((e) => e?.toLowerCase().includes(f)));
  for (let k = 0; k < list.length; k++) {
    const out = list[(offset + k) % list.length]!(slots);
    if (out && !used.some((f) => out.toLowerCase().includes(f))) return out;
  }
  return undefined;
}

/** Joins parts, dropping the least important ones until the text fits. */
function fit(parts: { text: string; keep: number }[], maxChars: number): string {
  let current = parts.filter((p) => p.text);
  const join = () => current.map((p) => p.text).join(" ");
  while (textLength(join()) > maxChars && current.length > 1) {
    const lowest = current.reduce((a, b) => (b.keep < a.keep ? b : a));
    current = current.filter((p) => p !== lowest);
  }
  return trimToLimit(join(), maxChars);
}

function composeBio(facts: BioFacts, style: BioStyle, platform: DatingPlatform, v: number, seed: number): ComposedBio {
  const slots = slotsFor(facts, v);
  const t = templates[style];
  const toneShift = facts.tone === "playful" ? 0 : facts.tone === "balanced" ? 1 : 2;
  const { maxChars } = platformLimits[platform];

  if (platform === "hinge") {
    const answerable = hingeAnswers.filter((h) => h.answer(slots));
    const choice = rotate(answerable, seed + v)!;
    const core = choice.answer(slots) as string;
    const hook = pick(t.hook, slots, seed + v + toneShift, [core]);
    return { text: fit([{ text: core, keep: 3 }, { text: hook ?? "", keep: 1 }], maxChars), hingePrompt: choice.prompt };
  }

  // The lead always carries a fact; it is the last thing dropped to fit.
  const lead = pick(t.lead, slots, seed + v) ?? `${cap(slots.s1 ?? slots.i1 ?? "")}.`;
  const body = pick(t.body, slots, seed + v + 1, [lead]);
  const want = pick(t.want, slots, seed + v);
  const hook = pick(t.hook, slots, seed + v + toneShift, [lead, body]);
  const text = fit(
    [
      { text: lead, keep: 4 },
      { text: body ?? "", keep: 1 },
      { text: want ?? "", keep: 2 },
      { text: hook ?? "", keep: 3 },
    ],
    maxChars,
  );
  return { text, hingePrompt: null };
}

/**
 * `count` distinct bios (fewer only if the facts cannot make that many different ones).
 * Callers pass facts already cleaned by `cleanFacts`, with at least one interest or specific.
 */
export function composeLocalBios(facts: BioFacts, style: BioStyle, platform: DatingPlatform, count: number): ComposedBio[] {
  const seed = seedOf({ facts, style, platform });
  const out: ComposedBio[] = [];
  const seen = new Set<string>();
  for (let v = 0; out.length < count && v < count * 6; v++) {
    const bio = composeBio(facts, style, platform, v, seed);
    const key = `${bio.hingePrompt}|${bio.text}`;
    if (!bio.text || seen.has(key)) continue;
    seen.add(key);
    out.push(bio);
  }
  return out;
}
