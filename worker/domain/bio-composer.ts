// The local bio writer: no model, no network. It builds bios only from the user's own (cleaned)
// facts, dropped into hand-written sentences per style, so it cannot invent anything about the
// person. Deterministic per seed: the same facts, style, platform and seed always give the same
// bios (the default seed comes from the input), which keeps tests stable and lets "regenerate"
// ask for a different bio by passing another seed.
//
// What keeps a set from reading like a form letter:
// - facts are handed out least-used first, so every fact appears somewhere in the set before any
//   fact appears twice;
// - no sentence is written twice in one set (fact-free lines like "You?" included), and each
//   style has its own openings and closings, so two styles never start or end alike;
// - each style has several shapes (which kind of fact opens, the order of the rest).
//
// Facts are typed by people: noun phrases ("jazz piano") or sentences ("I make a mean dal").
// Sentences put a fact after a label ("Fun fact: …") or before a tail (", yes, really"), never
// in grammar that depends on the fact's wording, so both forms read correctly.
import type { BioFacts, BioStyle } from "./bio-facts";
import { trimToLimit } from "./bio-fit";
import { platformLimits, textLength, type DatingPlatform, type HingePrompt } from "./platforms";

export interface ComposedBio {
  text: string;
  /** The Hinge prompt this answers (Hinge only). */
  hingePrompt: HingePrompt | null;
}

export interface ComposeOptions {
  /** Picks among the equally good choices; defaults to a hash of the input. */
  seed?: number;
  /** Bios already in the set: their sentences are not repeated and their facts count as used. */
  others?: string[];
  /** A bio being replaced: its sentences are not repeated, its facts may be used again. */
  previous?: string[];
}

type Kind = "interest" | "specific" | "work" | "want";

interface Line {
  /** The facts it takes, in order; `more` optional extra interests at the end. */
  needs: Kind[];
  more?: number;
  render: (f: string[]) => string;
}

interface HingeAnswer extends Line {
  prompt: HingePrompt;
}

interface StyleBank {
  /** Kind orders: which kind of fact opens, and in what order the rest follow. */
  shapes: Kind[][];
  open: Line[];
  interest: Line[];
  specific: Line[];
  work: Line[];
  want: Line[];
  /** Closings; `needs: []` lines take no fact. */
  close: Line[];
  hinge: HingeAnswer[];
  /** Short closings that still fit after a Hinge answer. */
  hingeClose: Line[];
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
/** A fact in the middle of a sentence: no closing punctuation of its own. */
const bare = (s: string) => s.replace(/[.!?…]+$/, "");
const list = (xs: string[]) => (xs.length <= 1 ? xs.join("") : `${xs.slice(0, -1).join(", ")} and ${xs[xs.length - 1]}`);

const L = (needs: Kind[], render: (f: string[]) => string, more = 0): Line => ({ needs, render, more });
const H = (prompt: HingePrompt, needs: Kind[], render: (f: string[]) => string, more = 0): HingeAnswer => ({ prompt, needs, render, more });

const banks: Record<BioStyle, StyleBank> = {
  witty: {
    shapes: [
      ["specific", "interest", "work", "want"],
      ["work", "interest", "specific", "want"],
      ["interest", "specific", "want", "work"],
    ],
    open: [
      L(["specific"], ([s]) => `${cap(bare(s!))} (yes, really).`),
      L(["work", "interest"], ([w, i]) => `Day job: ${bare(w!)}. Real job: ${i}.`),
      L(["work"], ([w]) => `Officially: ${bare(w!)}. Unofficially: still working on this bio.`),
      L(["specific"], ([s]) => `Fun fact to open with: ${bare(s!)}.`),
      L(["interest"], ([i]) => `Professional-grade enthusiasm for ${i}, amateur-grade everything else.`),
      L(["interest", "interest"], ([a, b]) => `My two personalities: ${a} and ${b}.`),
    ],
    interest: [
      L(["interest"], ([i]) => `Will talk about ${i} for longer than is socially acceptable.`),
      L(["interest", "interest"], (f) => `Current obsessions: ${f.join(", ")}, and pretending I have a third.`),
      L(["interest"], ([i]) => `Questionably talented at ${i}, committed anyway.`),
      L(["interest", "interest"], (f) => `Ranked hobbies, subject to change: ${list(f)}.`, 1),
      L(["interest"], ([i]) => `Currently losing an argument with myself about ${i}.`),
      L(["interest"], ([i]) => `My toxic trait is thinking I'm good at ${i}.`),
    ],
    specific: [
      L(["specific"], ([s]) => `Party trick: ${bare(s!)}.`),
      L(["specific"], ([s]) => `For the record: ${bare(s!)}.`),
      L(["specific"], ([s]) => `Humble brag: ${bare(s!)}.`),
      L(["specific"], ([s]) => `Also ${bare(s!)}, which I will mention early and often.`),
      L(["specific"], ([s]) => `Not to brag, but ${bare(s!)}.`),
      L(["specific"], ([s]) => `Conversation starter: ${bare(s!)}.`),
    ],
    work: [
      L(["work"], ([w]) => `What pays the bills: ${bare(w!)}.`),
      L(["work"], ([w]) => `Work: ${bare(w!)}, which I'm better at than writing bios.`),
      L(["work"], ([w]) => `Job title, for the sceptics: ${bare(w!)}.`),
    ],
    want: [
      L(["want"], ([x]) => `The plan: ${bare(x!)}.`),
      L(["want"], ([x]) => `Ideally: ${bare(x!)}.`),
      L(["want"], ([x]) => `Long-term goal, besides a better bio: ${bare(x!)}.`),
    ],
    close: [
      L(["interest"], ([i]) => `Tell me your most controversial opinion about ${i}.`),
      L([], () => `Tell me the weirdest thing you're good at.`),
      L(["interest"], ([i]) => `Bonus points if you can beat me at ${i}.`),
      L([], () => `Two truths and a lie: you go first.`),
      L([], () => `What's the worst hobby you've stuck with anyway?`),
      L([], () => `Best opening line gets a reply within the hour. Go on?`),
    ],
    hinge: [
      H("I go crazy for", ["interest"], ([i]) => `${cap(i!)}, embarrassingly so.`),
      H("Fact about me that surprises people", ["specific"], ([s]) => `${cap(bare(s!))}, and nobody believes me either.`),
      H("Fact about me that surprises people", ["specific"], ([s]) => `Ready? ${cap(bare(s!))}. I have witnesses.`),
      H("Fact about me that surprises people", ["specific", "specific"], ([a, b]) => `Both true, sadly: ${bare(a!)}; ${bare(b!)}.`),
      H("Let's debate this topic", ["interest"], ([i]) => `Whether ${i} should count as a personality trait. I say yes.`),
      H("I geek out on", ["interest", "interest"], ([a, b]) => `${cap(a!)}, and ${b} when nobody's watching.`),
      H("Typical Sunday", ["interest"], ([i]) => `${cap(i!)}, then a nap I'll deny taking.`),
      H("Fact about me that surprises people", ["work", "interest"], ([w, i]) => `Day job: ${bare(w!)}. Secret talent: ${i}.`),
      H("I'm looking for", ["want"], ([x]) => `${cap(bare(x!))}, plus laughing at my jokes (mandatory).`),
    ],
    hingeClose: [
      L([], () => `Your move.`),
      L([], () => `Prove me wrong?`),
      L([], () => `Fight me on it?`),
      L([], () => `Convince me otherwise?`),
      L([], () => `Go on, ask me about it.`),
      L([], () => `Rate it out of ten?`),
    ],
  },
  sincere: {
    shapes: [
      ["interest", "specific", "want", "work"],
      ["specific", "work", "interest", "want"],
      ["work", "want", "interest", "specific"],
    ],
    open: [
      L(["specific"], ([s]) => `Something true about me: ${bare(s!)}.`),
      L(["work"], ([w]) => `What I do for a living: ${bare(w!)}, and I care about doing it well.`),
      L(["interest"], (f) => `What fills my weekends: ${list(f)}.`, 1),
      L(["interest"], ([i]) => `I'm at my best with ${i}.`),
      L(["specific"], ([s]) => `A little about me first: ${bare(s!)}.`),
    ],
    interest: [
      L(["interest", "interest"], (f) => `I'm happiest with ${list(f)}.`, 1),
      L(["interest"], ([i]) => `Nothing makes me feel more like myself than ${i}.`),
      L(["interest"], ([i]) => `I make time for ${i} most weeks, whatever else is going on.`),
      L(["interest"], ([i]) => `Most weeks include ${i}, one way or another.`),
      L(["interest", "interest"], ([a, b]) => `${cap(a!)} keeps me grounded; ${b} keeps me curious.`),
    ],
    specific: [
      L(["specific"], ([s]) => `Also true: ${bare(s!)}.`),
      L(["specific"], ([s]) => `One thing I'm proud of: ${bare(s!)}.`),
      L(["specific"], ([s]) => `Something people learn about me early: ${bare(s!)}.`),
      L(["specific"], ([s]) => `Something that matters to me: ${bare(s!)}.`),
      L(["specific"], ([s]) => `A bit of my story: ${bare(s!)}.`),
    ],
    work: [L(["work"], ([w]) => `For work: ${bare(w!)}.`), L(["work"], ([w]) => `Work-wise: ${bare(w!)}. It matters to me.`), L(["work"], ([w]) => `What I do: ${bare(w!)}.`)],
    want: [
      L(["want"], ([x]) => `What I'm hoping to find: ${bare(x!)}.`),
      L(["want"], ([x]) => `I'm here for ${bare(x!)}.`),
      L(["want"], ([x]) => `Honestly, I'd like ${bare(x!)}.`),
    ],
    close: [
      L([], () => `What's something you could talk about for hours?`),
      L([], () => `What does a good Sunday look like for you?`),
      L(["interest"], ([i]) => `Tell me what you love about ${i}, or what you'd love instead.`),
      L([], () => `What are you looking forward to this month?`),
      L([], () => `Tell me about the best conversation you've had lately.`),
    ],
    hinge: [
      H("My simple pleasures", ["interest"], (f) => `${cap(list(f))}, and a slow breakfast with someone I like.`, 1),
      H("I'm looking for", ["want"], ([x]) => `${cap(bare(x!))}, honestly. That's it.`),
      H("Fact about me that surprises people", ["specific"], ([s]) => `${cap(bare(s!))}, and it shaped more of me than you'd guess.`),
      H("Fact about me that surprises people", ["specific"], ([s]) => `Quietly proud of this: ${bare(s!)}.`),
      H("Fact about me that surprises people", ["specific", "specific"], ([a, b]) => `Two things about me: ${bare(a!)}, and ${bare(b!)}.`),
      H("The way to win me over is", ["interest"], ([i]) => `Ask me about ${i} and actually listen to the answer.`),
      H("This year, I really want to", ["interest"], ([i]) => `Make more time for ${i}, and for people who make time for me.`),
      H("Fact about me that surprises people", ["work", "interest"], ([w, i]) => `Work keeps me busy (${bare(w!)}); ${i} keeps me sane.`),
    ],
    hingeClose: [
      L([], () => `And you?`),
      L([], () => `What about you?`),
      L([], () => `Your turn?`),
      L([], () => `How about you?`),
      L([], () => `Tell me about yours?`),
      L([], () => `What would yours be?`),
    ],
  },
  adventurous: {
    shapes: [
      ["specific", "interest", "want", "work"],
      ["interest", "work", "specific", "want"],
      ["interest", "specific", "work", "want"],
    ],
    open: [
      L(["interest"], (f) => `Weekends are for ${list(f)}.`, 1),
      L(["specific"], ([s]) => `Proof I say yes to things: ${bare(s!)}.`),
      L(["interest"], ([i]) => `If it involves ${i}, count me in.`),
      L(["specific"], ([s]) => `Latest adventure: ${bare(s!)}.`),
      L(["work"], ([w]) => `Weekdays: ${bare(w!)}. The rest of the time: outside.`),
    ],
    interest: [
      L(["interest"], ([i]) => `Always up for more ${i}.`),
      L(["interest", "interest"], (f) => `Next on the list: ${list(f)}.`, 1),
      L(["interest"], ([i]) => `Happiest halfway through ${i}, a little lost.`),
      L(["interest"], ([i]) => `I'll swap a lie-in for ${i} any day.`),
      L(["interest"], ([i]) => `${cap(i!)}, anywhere, any time.`),
    ],
    specific: [
      L(["specific"], ([s]) => `Also: ${bare(s!)}.`),
      L(["specific"], ([s]) => `Story for the first date: ${bare(s!)}.`),
      L(["specific"], ([s]) => `Still proud of this one: ${bare(s!)}.`),
      L(["specific"], ([s]) => `Best thing I've done lately: ${bare(s!)}.`),
      L(["specific"], ([s]) => `Still talking about it: ${bare(s!)}.`),
    ],
    work: [
      L(["work"], ([w]) => `When I'm not out there: ${bare(w!)}.`),
      L(["work"], ([w]) => `Between trips: ${bare(w!)}.`),
      L(["work"], ([w]) => `Funding the adventures: ${bare(w!)}.`),
    ],
    want: [
      L(["want"], ([x]) => `Looking for ${bare(x!)}; bonus if you say yes to plans.`),
      L(["want"], ([x]) => `What I want: ${bare(x!)}.`),
      L(["want"], ([x]) => `Here for ${bare(x!)}, and a few good trips along the way.`),
    ],
    close: [
      L(["interest"], ([i]) => `Pitch me a first date that involves ${i}.`),
      L([], () => `Where should we go first?`),
      L([], () => `Your move: pick the plan, I'll bring snacks.`),
      L([], () => `What's the best trip you've ever taken?`),
      L([], () => `Sunrise hike or sunset swim?`),
    ],
    hinge: [
      H("Typical Sunday", ["interest"], ([i, j]) => `Out early for ${i}${j ? `, back late for ${j}` : ", back late"}.`, 1),
      H("Together, we could", ["interest"], ([i]) => `Plan a trip around ${i} on a napkin and actually go.`),
      H("Fact about me that surprises people", ["specific"], ([s]) => `${cap(bare(s!))}, and the next chapter is pending.`),
      H("Fact about me that surprises people", ["specific"], ([s]) => `Best story I've got: ${bare(s!)}.`),
      H("Fact about me that surprises people", ["specific", "specific"], ([a, b]) => `Two stories for the road: ${bare(a!)}; ${bare(b!)}.`),
      H("This year, I really want to", ["interest"], ([i]) => `Do more ${i} somewhere I've never been.`),
      H("I go crazy for", ["interest"], ([i]) => `${cap(i!)}, any weather, any excuse.`),
      H("Fact about me that surprises people", ["work", "interest"], ([w, i]) => `Weekdays: ${bare(w!)}. Weekends: ${i}.`),
      H("I'm looking for", ["want"], ([x]) => `${cap(bare(x!))}, ideally with a passport.`),
    ],
    hingeClose: [
      L([], () => `Where first?`),
      L([], () => `You in?`),
      L([], () => `When are we going?`),
      L([], () => `Coming along?`),
      L([], () => `Pick the date?`),
      L([], () => `Ready when you are?`),
    ],
  },
  intellectual: {
    shapes: [
      ["work", "interest", "specific", "want"],
      ["interest", "specific", "want", "work"],
      ["specific", "work", "interest", "want"],
    ],
    open: [
      L(["work"], ([w]) => `Currently: ${bare(w!)}.`),
      L(["specific"], ([s]) => `A fact about me: ${bare(s!)}.`),
      L(["interest"], (f) => `Thinking lately about ${list(f)}.`, 1),
      L(["interest"], ([i]) => `My rabbit hole of the month: ${i}.`),
      L(["specific"], ([s]) => `Data point about me: ${bare(s!)}.`),
    ],
    interest: [
      L(["interest"], ([i]) => `I think about ${i} more than is strictly necessary.`),
      L(["interest", "interest"], (f) => `Reading, talking and arguing about ${list(f)}.`, 1),
      L(["interest"], ([i]) => `${cap(i!)} taught me more than school did.`),
      L(["interest"], ([i]) => `I have a theory about ${i} I'd like to test on you.`),
      L(["interest"], ([i]) => `Ask me why I rate ${i} so highly.`),
    ],
    specific: [
      L(["specific"], ([s]) => `Evidence of curiosity: ${bare(s!)}.`),
      L(["specific"], ([s]) => `Footnote: ${bare(s!)}.`),
      L(["specific"], ([s]) => `Also worth knowing: ${bare(s!)}.`),
      L(["specific"], ([s]) => `Relevant context: ${bare(s!)}.`),
      L(["specific"], ([s]) => `Peer-reviewed fact: ${bare(s!)}.`),
    ],
    work: [
      L(["work"], ([w]) => `By profession: ${bare(w!)}.`),
      L(["work"], ([w]) => `My work (${bare(w!)}) keeps the mind busy.`),
      L(["work"], ([w]) => `Occupation: ${bare(w!)}.`),
    ],
    want: [
      L(["want"], ([x]) => `Looking for ${bare(x!)}.`),
      L(["want"], ([x]) => `Hoping for ${bare(x!)}, and good conversation on the way.`),
      L(["want"], ([x]) => `The aim: ${bare(x!)}.`),
    ],
    close: [
      L(["interest"], ([i]) => `Convince me of something about ${i} I'd disagree with.`),
      L([], () => `What's the last thing that changed your mind?`),
      L([], () => `Recommend me a book and defend it.`),
      L([], () => `Which question are you still trying to answer?`),
      L([], () => `What's an opinion you hold that most people don't?`),
    ],
    hinge: [
      H("I geek out on", ["interest"], (f) => `${cap(list(f))}: the history, the arguments, the details.`, 1),
      H("A shower thought I recently had", ["interest"], ([i]) => `That the secret of ${i} is patience, and patience is underrated.`),
      H("Let's debate this topic", ["interest"], ([i]) => `The art-versus-science question about ${i}. I'll argue either side.`),
      H("Fact about me that surprises people", ["specific"], ([s]) => `${cap(bare(s!))}, which started more conversations than I expected.`),
      H("Fact about me that surprises people", ["specific"], ([s]) => `An unlikely data point: ${bare(s!)}.`),
      H("Fact about me that surprises people", ["specific", "specific"], ([a, b]) => `Two data points: ${bare(a!)}; ${bare(b!)}.`),
      H("Fact about me that surprises people", ["work", "interest"], ([w, i]) => `Work: ${bare(w!)}. Obsession: ${i}.`),
      H("I'm looking for", ["want"], ([x]) => `${cap(bare(x!))}, plus good questions.`),
    ],
    hingeClose: [L([], () => `Thoughts?`), L([], () => `Discuss?`), L([], () => `Agree?`), L([], () => `Counterpoint?`), L([], () => `Your view?`), L([], () => `Change my mind?`)],
  },
  minimalist: {
    shapes: [
      ["interest", "work", "specific", "want"],
      ["work", "specific", "interest", "want"],
      ["specific", "interest", "want", "work"],
    ],
    open: [
      L(["interest"], ([i]) => `${cap(i!)}.`),
      L(["work"], ([w]) => `${cap(bare(w!))}.`),
      L(["specific"], ([s]) => `${cap(bare(s!))}.`),
      L(["interest"], ([i]) => `${cap(i!)}, mostly.`),
    ],
    interest: [
      L(["interest"], ([i]) => `${cap(i!)}.`),
      L(["interest"], ([i]) => `${cap(i!)}, often.`),
      L(["interest"], ([i]) => `Also ${i}.`),
      L(["interest"], ([i]) => `${cap(i!)} on weekends.`),
      L(["interest"], ([i]) => `${cap(i!)}, always.`),
    ],
    specific: [L(["specific"], ([s]) => `${cap(bare(s!))}.`), L(["specific"], ([s]) => `Also: ${bare(s!)}.`), L(["specific"], ([s]) => `Fact: ${bare(s!)}.`)],
    work: [L(["work"], ([w]) => `${cap(bare(w!))}.`), L(["work"], ([w]) => `${cap(bare(w!))} by day.`)],
    want: [L(["want"], ([x]) => `${cap(bare(x!))}.`), L(["want"], ([x]) => `Seeking ${bare(x!)}.`)],
    close: [L([], () => `You?`), L(["interest"], ([i]) => `Your take on ${i}?`), L([], () => `Coffee?`), L([], () => `Your turn.`), L([], () => `Say hi.`)],
    hinge: [
      H("I geek out on", ["interest"], (f) => f.map((x) => `${cap(x)}.`).join(" "), 1),
      H("Fact about me that surprises people", ["specific"], ([s]) => `${cap(bare(s!))}.`),
      H("Fact about me that surprises people", ["specific"], ([s]) => `True: ${bare(s!)}.`),
      H("Fact about me that surprises people", ["specific", "specific"], ([a, b]) => `${cap(bare(a!))}. ${cap(bare(b!))}.`),
      H("Typical Sunday", ["interest"], ([i]) => `${cap(i!)}, then nothing at all.`),
      H("I'm looking for", ["want"], ([x]) => `${cap(bare(x!))}.`),
      H("My simple pleasures", ["interest"], ([i]) => `${cap(i!)}, mostly.`),
      H("Fact about me that surprises people", ["work", "interest"], ([w, i]) => `${cap(bare(w!))}. ${cap(i!)}.`),
      H("Typical Sunday", ["work"], ([w]) => `Not ${bare(w!)}, for once.`),
    ],
    hingeClose: [L([], () => `You?`), L([], () => `Yours?`), L([], () => `Same?`), L([], () => `Hi?`), L([], () => `Yes?`), L([], () => `Coffee?`)],
  },
  romantic: {
    shapes: [
      ["specific", "interest", "want", "work"],
      ["interest", "want", "specific", "work"],
      ["work", "specific", "interest", "want"],
    ],
    open: [
      L(["specific"], ([s]) => `A small true thing: ${bare(s!)}.`),
      L(["interest"], ([i]) => `My idea of a good evening involves ${i}.`),
      L(["work"], ([w]) => `${cap(bare(w!))} by day, hopeful by night.`),
      L(["interest"], ([i]) => `I'm a soft touch for ${i}.`),
      L(["specific"], ([s]) => `Something I'd tell you over dinner: ${bare(s!)}.`),
    ],
    interest: [
      L(["interest"], (f) => `I'd love someone to share ${list(f)} with.`, 1),
      L(["interest"], ([i]) => `Happiest with ${i} and good company.`),
      L(["interest", "interest"], (f) => `A perfect weekend has ${list(f)} in it.`, 1),
      L(["interest"], ([i]) => `I still lose track of time with ${i}.`),
      L(["interest"], ([i]) => `The dream: ${i} with the right person.`),
    ],
    specific: [
      L(["specific"], ([s]) => `Another true thing: ${bare(s!)}.`),
      L(["specific"], ([s]) => `You should know: ${bare(s!)}.`),
      L(["specific"], ([s]) => `Something close to my heart: ${bare(s!)}.`),
      L(["specific"], ([s]) => `A little secret: ${bare(s!)}.`),
      L(["specific"], ([s]) => `What my friends would tell you: ${bare(s!)}.`),
    ],
    work: [
      L(["work"], ([w]) => `What I do: ${bare(w!)}, and I love it.`),
      L(["work"], ([w]) => `Work life: ${bare(w!)}.`),
      L(["work"], ([w]) => `Days belong to work (${bare(w!)}); evenings are free.`),
    ],
    want: [L(["want"], ([x]) => `Hoping to find ${bare(x!)}.`), L(["want"], ([x]) => `What I'd love: ${bare(x!)}.`), L(["want"], ([x]) => `Here, hopefully, for ${bare(x!)}.`)],
    close: [
      L([], () => `What's your idea of a perfect first date?`),
      L(["interest"], ([i]) => `Tell me your favourite thing about ${i}.`),
      L([], () => `What made you smile today?`),
      L([], () => `Tell me the best thing that happened to you this week.`),
      L([], () => `What song would you pick for a long drive?`),
    ],
    hinge: [
      H("The way to win me over is", ["interest"], ([i]) => `A shared love of ${i}, and a long dinner after.`),
      H("Together, we could", ["interest"], (f) => `Spend a slow Sunday on ${list(f)}, no plans after.`, 1),
      H("I'm looking for", ["want"], ([x]) => `${cap(bare(x!))}, and a story worth telling later.`),
      H("Fact about me that surprises people", ["specific"], ([s]) => `${cap(bare(s!))}, and I'd love to tell you the story.`),
      H("Fact about me that surprises people", ["specific"], ([s]) => `Worth knowing before a first date: ${bare(s!)}.`),
      H("Fact about me that surprises people", ["specific", "specific"], ([a, b]) => `Two small true things: ${bare(a!)}, and ${bare(b!)}.`),
      H("My simple pleasures", ["interest"], ([i]) => `${cap(i!)}, long dinners and good company.`),
      H("Fact about me that surprises people", ["work", "interest"], ([w, i]) => `${cap(bare(w!))} by day, lost in ${i} by night.`),
    ],
    hingeClose: [
      L([], () => `And yours?`),
      L([], () => `Tell me yours?`),
      L([], () => `What's yours?`),
      L([], () => `Would you join me?`),
      L([], () => `Shall we?`),
      L([], () => `Dinner sometime?`),
    ],
  },
};

/** FNV-1a: a stable seed from the input, so output is deterministic but varies with the facts. */
export function seedOf(value: unknown): number {
  let h = 0x811c9dc5;
  for (const ch of JSON.stringify(value)) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** A small seeded generator (mulberry32): the same seed, the same choices. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Fact {
  kind: Kind;
  text: string;
  /** Seeded tie-break among facts used equally often. */
  rank: number;
}

const norm = (s: string) => s.toLowerCase().replace(/\s+/g, " ").trim();
const sentencesIn = (text: string) =>
  text
    .split(/(?<=[.!?…])\s+/)
    .map(norm)
    .filter(Boolean);
const mentions = (text: string, fact: Fact) => norm(text).includes(norm(bare(fact.text)));

/** How many facts a bio holds before it reads like a list. */
const capacity: Record<DatingPlatform, number> = { tinder: 4, bumble: 3, hinge: 2 };

class SetState {
  readonly usedSentences = new Set<string>();
  /** Lines already written in this set: a line comes back (with other facts) only when its kind has no unused one. */
  readonly usedLines = new Set<Line>();
  readonly usage = new Map<Fact, number>();

  constructor(readonly facts: Fact[]) {
    for (const f of facts) this.usage.set(f, 0);
  }

  record(text: string, countFacts: boolean) {
    for (const s of sentencesIn(text)) this.usedSentences.add(s);
    if (countFacts) for (const f of this.facts) if (mentions(text, f)) this.usage.set(f, this.usage.get(f)! + 1);
  }

  /** Facts least used so far first; the seeded rank breaks ties. */
  leastUsed(): Fact[] {
    return [...this.facts].sort((a, b) => this.usage.get(a)! - this.usage.get(b)! || a.rank - b.rank);
  }

  fresh(sentence: string) {
    return sentencesIn(sentence).every((s) => !this.usedSentences.has(s));
  }
}

/**
 * Fills `line` from `pool` (facts in preference order, kinds must match), or null when the pool
 * lacks a needed kind. Takes `more` extra interests when the pool has them.
 */
function fill(line: Line, pool: Fact[]): { text: string; used: Fact[] } | null {
  const left = [...pool];
  const used: Fact[] = [];
  for (const kind of line.needs) {
    const i = left.findIndex((f) => f.kind === kind);
    if (i < 0) return null;
    used.push(left.splice(i, 1)[0]!);
  }
  for (let k = 0; k < (line.more ?? 0); k++) {
    const i = left.findIndex((f) => f.kind === "interest");
    if (i < 0) break;
    used.push(left.splice(i, 1)[0]!);
  }
  return { text: line.render(used.map((f) => f.text)), used };
}

/**
 * The line that can be filled, says nothing already said, and brings in the most facts the set
 * has not used yet (ties: the first from a seeded offset). Lines unused in the set first; an old
 * line only to bring in `must` when the set lacks it. Never a line already in this bio (`inBio`).
 */
function choose<T extends Line>(
  lines: T[],
  pool: Fact[],
  state: SetState,
  offset: number,
  inBio: Set<Line>,
  must?: Fact,
  passes: boolean[] = [false, true],
): { line: T; text: string; used: Fact[] } | null {
  for (const reuse of passes) {
    if (reuse && !(must && state.usage.get(must) === 0)) continue;
    let best: { line: T; text: string; used: Fact[]; gain: number } | null = null;
    for (let k = 0; k < lines.length; k++) {
      const line = lines[(offset + k) % lines.length]!;
      if (inBio.has(line) || (!reuse && state.usedLines.has(line))) continue;
      const filled = fill(line, must ? [must, ...pool.filter((f) => f !== must)] : pool);
      if (!filled || (must && !filled.used.includes(must))) continue;
      if (!state.fresh(filled.text)) continue;
      const gain = filled.used.filter((f) => state.usage.get(f) === 0).length;
      if (!best || gain > best.gain) best = { line, ...filled, gain };
    }
    if (best) {
      inBio.add(best.line);
      return { line: best.line, text: best.text, used: best.used };
    }
  }
  return null;
}

/** Joins parts in order, dropping the least important until the text fits. */
function fit(parts: { text: string; keep: number }[], maxChars: number): string {
  let current = parts.filter((p) => p.text);
  const join = () => current.map((p) => p.text).join(" ");
  while (textLength(join()) > maxChars && current.length > 1) {
    const lowest = current.reduce((a, b) => (b.keep < a.keep ? b : a));
    current = current.filter((p) => p !== lowest);
  }
  return trimToLimit(join(), maxChars);
}

interface Draft extends ComposedBio {
  lines: Set<Line>;
}

function composeBio(bank: StyleBank, platform: DatingPlatform, state: SetState, v: number, pick: () => number): Draft | null {
  const lines = new Set<Line>();
  const allotted = state.leastUsed().slice(0, capacity[platform]);
  const shape = bank.shapes[(v + Math.floor(pick() * bank.shapes.length)) % bank.shapes.length]!;
  const kindOrder = (k: Kind) => {
    const i = shape.indexOf(k);
    return i < 0 ? shape.length : i;
  };
  // The least-used fact must make it in, so it leads when an opening can carry it.
  const first = allotted[0]!;
  const openKinds = [first.kind, ...shape.filter((k) => k !== first.kind)];
  let opening: { text: string; used: Fact[] } | null = null;
  // No opening rather than an old one: the fact then goes in a later sentence.
  const openAt = Math.floor(pick() * bank.open.length);
  for (const kind of openKinds) {
    const must = allotted.find((f) => f.kind === kind);
    if (must) opening ??= choose(bank.open, allotted, state, openAt, lines, must, [false]);
  }
  const parts: { text: string; keep: number }[] = [];
  let left = allotted;
  if (opening) {
    parts.push({ text: opening.text, keep: 10 });
    left = left.filter((f) => !opening!.used.includes(f));
  }
  const closing = choose(
    bank.close,
    left.filter((f) => f.kind === "interest"),
    state,
    Math.floor(pick() * bank.close.length),
    lines,
  );
  if (closing) left = left.filter((f) => !closing.used.includes(f));

  // The rest in the shape's order, one sentence per kind (interests may share one).
  const middle = [...left].sort((a, b) => kindOrder(a.kind) - kindOrder(b.kind));
  let keep = 8;
  while (middle.length) {
    const next = middle[0]!;
    const got = choose(bank[next.kind], middle, state, Math.floor(pick() * bank[next.kind].length), lines, next);
    if (got) parts.push({ text: got.text, keep: keep-- });
    for (const f of got?.used ?? [next]) middle.splice(middle.indexOf(f), 1);
  }
  // Without a fact it says nothing about the person: the first fact-bearing sentence goes last.
  if (!parts.length) return null;
  parts[0]!.keep = 10;
  if (closing) parts.push({ text: closing.text, keep: 9 });
  return { text: fit(parts, platformLimits[platform].maxChars), hingePrompt: null, lines };
}

function composeHinge(bank: StyleBank, state: SetState, usedPrompts: Set<HingePrompt>, pick: () => number): Draft | null {
  const ordered = state.leastUsed();
  const offset = Math.floor(pick() * bank.hinge.length);
  // New prompts first; a prompt may come back with a different answer once they run out.
  const answers = [...bank.hinge.slice(offset), ...bank.hinge.slice(0, offset)].sort((a, b) => Number(usedPrompts.has(a.prompt)) - Number(usedPrompts.has(b.prompt)));
  // Fresh lines for the least-used facts first; then an old line rather than leave the least-used
  // fact out; then anything.
  // fact out; then anything. A second fact in the answer comes from the least used too, so no
  // fact is used twice while another has not been used at all.
  const least = ordered.filter((f) => state.usage.get(f) === state.usage.get(ordered[0]!));
  const tries: [Fact, boolean, Fact[]][] = [
    ...least.map((f): [Fact, boolean, Fact[]] => [f, false, least]),
    [ordered[0]!, true, least],
    ...ordered.flatMap((f): [Fact, boolean, Fact[]][] => [
      [f, false, ordered],
      [f, true, ordered],
    ]),
  ];
  for (const [must, reuse, from] of tries) {
    const lines = new Set<Line>();
    const got = choose(answers, [must, ...from.filter((f) => f !== must)], state, 0, lines, must, [reuse]);
    if (!got) continue;
    const max = platformLimits.hinge.maxChars;
    const closing = choose(bank.hingeClose, [], state, Math.floor(pick() * bank.hingeClose.length), lines);
    const text = closing && textLength(`${got.text} ${closing.text}`) <= max ? `${got.text} ${closing.text}` : trimToLimit(got.text, max);
    return { text, hingePrompt: got.line.prompt, lines };
  }
  return null;
}

/**
 * `count` distinct bios (fewer only if the facts cannot make that many different ones).
 * Callers pass facts already cleaned by `cleanFacts`, with at least one interest or specific.
 */
export function composeLocalBios(facts: BioFacts, style: BioStyle, platform: DatingPlatform, count: number, options: ComposeOptions = {}): ComposedBio[] {
  const seed = options.seed ?? seedOf({ facts, style, platform });
  const pick = rng(seed);
  const all: Fact[] = [
    ...facts.specifics.map((text) => ({ kind: "specific" as const, text })),
    ...facts.interests.map((text) => ({ kind: "interest" as const, text })),
    ...(facts.work ? [{ kind: "work" as const, text: facts.work }] : []),
    ...(facts.lookingFor ? [{ kind: "want" as const, text: facts.lookingFor }] : []),
  ].map((f) => ({ ...f, rank: pick() }));
  // Specifics and interests first among equals: they say the most about a person.
  for (const f of all) if (f.kind === "work" || f.kind === "want") f.rank += 1;

  const state = new SetState(all);
  for (const text of options.others ?? []) state.record(text, true);
  for (const text of options.previous ?? []) state.record(text, false);

  const bank = banks[style];
  const usedPrompts = new Set<HingePrompt>();
  const out: ComposedBio[] = [];
  for (let v = 0; out.length < count && v < count * 3; v++) {
    const draft = platform === "hinge" ? composeHinge(bank, state, usedPrompts, pick) : composeBio(bank, platform, state, v, pick);
    if (!draft?.text || !state.fresh(draft.text)) continue;
    state.record(draft.text, true);
    for (const line of draft.lines) state.usedLines.add(line);
    if (draft.hingePrompt) usedPrompts.add(draft.hingePrompt);
    out.push({ text: draft.text, hingePrompt: draft.hingePrompt });
  }
  return out;
}
