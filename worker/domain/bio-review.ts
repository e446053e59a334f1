// Reads a dating bio the way a stranger skims one: how warm, competent, funny and specific it
// sounds, which clichés it leans on, how easy it is to read, and whether it hands the reader
// an opener. Pure and deterministic: POST /v1/dating/bios/review returns it for free, and every
// generated bio carries the same analysis, so both paths are judged by one yardstick.
//
// The signals are lexical heuristics (word lists and counts), chosen because they are
// explainable to the user ("'love to travel' is a cliché"), not because they are a model of
// attraction. Warmth and competence are the two axes of social perception (Fiske, Cuddy & Glick,
// 2007); specificity and an easy opener are what dating-profile guides agree on.
import { findContactDetails, refusalReason, type ContactKind } from "./bio-safety";
import { platformLimits, textLength, type DatingPlatform } from "./platforms";

export interface BioAnalysis {
  /** 0-100: friendliness, other people, shared activities. */
  warmth: number;
  /** 0-100: work, skills, achievements, concrete numbers. */
  competence: number;
  /** 0-100: self-deprecation, irony, playful markers. */
  humour: number;
  /** 0-100: names, numbers and concrete details rather than generic words. */
  specificity: number;
  clichesFound: string[];
  /** Flesch reading ease (higher is easier; 60-80 is plain conversational English). */
  readingEase: number;
  /** The question or hook a match can answer, or null when there is none. */
  hook: string | null;
  negativePhrases: string[];
  contactDetails: ContactKind[];
  wordCount: number;
}

export type SuggestionCode =
  | "over_limit"
  | "too_short"
  | "too_long"
  | "cliche"
  | "add_specifics"
  | "add_hook"
  | "negativity"
  | "contact_info"
  | "content_not_allowed"
  | "hard_to_read";

export interface Suggestion {
  code: SuggestionCode;
  message: string;
}

/** One part of the score, in words a user reads: what was checked, how it went, what it earned. */
export type ScoreCheck = "length" | "specifics" | "opener" | "warmth_or_humour" | "readability" | "clean" | "contact_details" | "cap";

export interface ScoreReason {
  check: ScoreCheck;
  passed: boolean;
  /** Points this check added (negative for a penalty); before any cap, they sum to the score. */
  points: number;
  /** The most it can add (0 for a penalty or a cap). */
  outOf: number;
  message: string;
}

export interface BioReview {
  score: number;
  /** Why the score is what it is, one entry per check. */
  reasons: ScoreReason[];
  length: number;
  maxChars: number;
  withinLimit: boolean;
  suggestions: Suggestion[];
  analysis: BioAnalysis;
}

// --- text basics ----------------------------------------------------------------------------

export const wordsOf = (text: string) => text.match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu) ?? [];

export const sentencesOf = (text: string) =>
  text
    .split(/(?<=[.!?…])\s+|\n+/)
    .map((s) => s.trim())
    .filter((s) => /[\p{L}\p{N}]/u.test(s));

/**
 * Syllables by the common vowel-group heuristic: lower-case, drop a silent final "e" (but not
 * "-le"), count groups of vowels (y included), at least one per word.
 */
export function syllables(word: string): number {
  let w = word.toLowerCase().replace(/[^a-z]/g, "");
  if (w.length === 0) return 1;
  if (w.length <= 3) return 1;
  w = w.replace(/(?:[^laeiouy]es|[^laeiouy]ed|[^leaiouy]e)$/, (m) => m[0]!);
  const groups = w.match(/[aeiouy]+/g);
  return Math.max(1, groups?.length ?? 0);
}

/** Flesch reading ease: 206.835 − 1.015 × words/sentence − 84.6 × syllables/word. */
export function fleschReadingEase(text: string): number {
  const words = wordsOf(text);
  if (words.length === 0) return 0;
  const sentences = Math.max(1, sentencesOf(text).length);
  const syl = words.reduce((s, w) => s + syllables(w), 0);
  const score = 206.835 - 1.015 * (words.length / sentences) - 84.6 * (syl / words.length);
  return Math.round(score * 10) / 10;
}

const clamp = (n: number) => Math.max(0, Math.min(100, Math.round(n)));

function countHits(text: string, patterns: readonly RegExp[]): number {
  let hits = 0;
  for (const re of patterns) hits += text.match(new RegExp(re.source, re.flags.includes("g") ? re.flags : `${re.flags}g`))?.length ?? 0;
  return hits;
}

// --- lexicons -------------------------------------------------------------------------------

const warmthWords = [
  /\b(?:family|friends?|kind(?:ness)?|laugh(?:ing|ter)?|care|caring|cozy|cosy|hugs?|share|sharing|together|home|heart|warm|sweet|gentle|grateful|smile|welcome|loyal|cook(?:ing)? for|host(?:ing)?|mum|mom|dad|sister|brother|grandm\w+|nephew|niece|dog|cat|puppy|volunteer\w*|help(?:ing)?)\b/i,
  /\b(?:we|us|our|you|your)\b/i,
];
const competenceWords = [
  /\b(?:engineer\w*|doctor|nurse|teacher|teach\w*|founder|found(?:ed)?|build\w*|built|design\w*|lead\w*|manag\w+|research\w*|stud(?:y|ied|ying)|degree|phd|masters?|marathons?|certified|fluent|career|launch\w*|wrote|writ(?:e|ing|er)|coach\w*|chef|lawyer|architect|developer|scientist|surgeon|pilot|musician|artist|analyst|consultant|professor|paramedic|firefighter|trained|training|learn\w*|skills?|award\w*|promoted)\b/i,
];
const humourWords = [
  /\b(?:probably|allegedly|apparently|debatabl[ey]|questionabl[ey]|terribl[ey]|embarrassing\w*|unpopular opinion|controversial|puns?|dad jokes?|weirdly|secretly|suspiciously|obsess\w*|rank(?:ing|ed)?|fight me|competitive\w*|mediocre|self-proclaimed|professional|amateur|lol|haha\w*|yes,? really|don'?t ask|ask me why|worst|best of three|socially acceptable|pretending)\b/i,
  /[😂🤣😅😉😜🙃😄😆]/u,
  /\([^)]{3,}\)/,
];
const genericWords =
  /\b(?:things|stuff|fun|good|nice|travel(?:ling|ing)?|adventures?|music|movies|food|chill|vibes?|life|people|everything|anything|going out|hanging out|having fun)\b/gi;

/** Phrases readers have seen a thousand times; each costs specificity and score. */
export const cliches: readonly { phrase: string; re: RegExp }[] = [
  ["love to travel", /\b(?:love|like) (?:to )?travel(?:l?ing)?\b/i],
  ["live, laugh, love", /\blive,? laugh,? love\b/i],
  ["partner in crime", /\bpartner in crime\b/i],
  ["my other half", /\b(?:my )?other half\b/i],
  ["work hard, play hard", /\bwork hard,? play hard(?:er)?\b/i],
  ["fluent in sarcasm", /\bfluent in sarcasm\b/i],
  ["just ask", /\bjust ask\b/i],
  ["netflix and chill", /\bnetflix (?:and|&|n) chill\b/i],
  ["adventure seeker", /\badventure (?:seeker|junkie|lover)\b/i],
  ["foodie", /\bfoodie\b/i],
  ["down to earth", /\bdown[- ]to[- ]earth\b/i],
  ["good vibes only", /\bgood vibes(?: only)?\b/i],
  ["wanderlust", /\bwanderlust\b/i],
  ["love to laugh", /\b(?:love|like) to laugh\b/i],
  ["easy going", /\beasy[- ]?going\b/i],
  ["bad at bios", /\b(?:bad at (?:bios|this|writing bios)|don'?t know what to (?:write|put))\b/i],
  ["swipe right if", /\bswipe right if\b/i],
  ["looking for my person", /\blooking for my (?:person|lobster|soulmate)\b/i],
  ["pizza and tacos", /\b(?:pizza|tacos?) (?:lover|enthusiast)\b/i],
  ["dog lover", /\bdog (?:lover|mom|dad)\b/i],
  ["the gym", /\b(?:gym rat|love the gym)\b/i],
  ["6 ft because apparently that matters", /\b6 ?(?:ft|foot|')\b.{0,20}\bmatters\b/i],
].map(([phrase, re]) => ({ phrase: phrase as string, re: re as RegExp }));

const negativePatterns: readonly RegExp[] = [
  /\bno drama\b/i,
  /\b(?:swipe left|don'?t (?:bother|message|swipe)|do not (?:message|swipe))\b/i,
  /\bnot looking for\b/i,
  /\b(?:no|not into) (?:hookups?|players|games|liars|fakes?|time ?wasters|ons)\b/i,
  /\b(?:tired of|sick of|fed up with|done with)\b/i,
  /\bif you(?:'re| are) (?:just|only|not)\b/i,
  /\b(?:fake people|time wasters|red flags? if)\b/i,
  /\bhate\b/i,
];

const hookPhrases =
  /\b(?:ask me about|tell me|convince me|let'?s|you pick|your move|bonus points if|first date idea|two truths|guess|debate me|fight me|teach me|show me|prove me wrong|what'?s your|which is|pitch me)\b/i;

// --- analysis -------------------------------------------------------------------------------

function properNouns(text: string): number {
  // Capitalised words that are not the first word of a sentence and not "I".
  let n = 0;
  for (const sentence of sentencesOf(text)) {
    const ws = wordsOf(sentence);
    for (let i = 1; i < ws.length; i++) if (/^\p{Lu}/u.test(ws[i]!) && ws[i] !== "I" && !/^I['’]/.test(ws[i]!)) n++;
  }
  return n;
}

function findHook(text: string): string | null {
  const sentences = sentencesOf(text);
  const question = sentences.find((s) => s.endsWith("?"));
  if (question) return question;
  return sentences.find((s) => hookPhrases.test(s)) ?? null;
}

export function analyseBio(text: string): BioAnalysis {
  const words = wordsOf(text);
  const found = cliches.filter((c) => c.re.test(text)).map((c) => c.phrase);
  const numbers = text.match(/\b\d+(?:[.,]\d+)?\b/g)?.length ?? 0;
  const generic = text.match(genericWords)?.length ?? 0;
  const proper = properNouns(text);
  const empty = words.length === 0;
  return {
    warmth: empty ? 0 : clamp(20 + 12 * countHits(text, warmthWords)),
    competence: empty ? 0 : clamp(15 + 12 * countHits(text, competenceWords) + 5 * numbers),
    humour: empty ? 0 : clamp(10 + 15 * countHits(text, humourWords)),
    specificity: empty ? 0 : clamp(20 + 12 * (numbers + proper) + 2 * Math.min(words.length, 20) - 6 * generic - 10 * found.length),
    clichesFound: found,
    readingEase: fleschReadingEase(text),
    hook: findHook(text),
    negativePhrases: negativePatterns.flatMap((re) => text.match(re)?.[0] ?? []),
    contactDetails: [...new Set(findContactDetails(text).map((f) => f.kind))],
    wordCount: words.length,
  };
}

// --- review ---------------------------------------------------------------------------------

/**
 * Score out of 100 (documented so the app can explain it):
 *   length fit 25 (within the ideal word range; 0 when over the platform limit)
 * + specificity 25 (specificity / 4)
 * + hook 15
 * + warmth or humour 15 (the stronger of the two, × 0.15)
 * + readability 10 (reading ease 60+ scores 10, scaled below)
 * + clean 10 (−5 per cliché or negative phrase)
 * then −30 for contact details, and capped at 40 when over the limit or not allowed at all.
 * Each part is rounded and returned in `reasons`, so the reasons add up to the score.
 */
export function reviewBio(text: string, platform: DatingPlatform): BioReview {
  const limit = platformLimits[platform];
  const length = textLength(text);
  const analysis = analyseBio(text);
  const withinLimit = length <= limit.maxChars;
  const { min, max } = limit.idealWords;
  const wc = analysis.wordCount;
  const suggestions: Suggestion[] = [];
  const where = limit.kind === "bio" ? `${cap(platform)} bios` : "Hinge prompt answers";

  let lengthPoints: number;
  if (!withinLimit) {
    lengthPoints = 0;
    suggestions.push({ code: "over_limit", message: `Cut ${length - limit.maxChars} characters: ${where} stop at ${limit.maxChars}.` });
  } else if (wc < min) {
    lengthPoints = 25 * (wc / min);
    suggestions.push({ code: "too_short", message: `Add a little more: ${min}-${max} words gives a match something to reply to (you have ${wc}).` });
  } else if (wc > max) {
    lengthPoints = Math.max(10, 25 - (wc - max));
    suggestions.push({ code: "too_long", message: `Trim to about ${max} words: people skim (you have ${wc}).` });
  } else lengthPoints = 25;

  for (const phrase of analysis.clichesFound) {
    suggestions.push({ code: "cliche", message: `"${phrase}" is on thousands of profiles: replace it with the specific thing you mean.` });
  }
  if (analysis.specificity < 45) {
    suggestions.push({ code: "add_specifics", message: "Name something concrete: a place, a number, a dish you make, the last book you finished." });
  }
  if (!analysis.hook) {
    suggestions.push({ code: "add_hook", message: 'End with a question or an easy opener ("Tell me your best ...") so matches know how to start.' });
  }
  for (const phrase of analysis.negativePhrases) {
    suggestions.push({ code: "negativity", message: `"${phrase}" reads as baggage: say what you want instead of what you don't.` });
  }
  if (analysis.contactDetails.length > 0) {
    suggestions.push({ code: "contact_info", message: `Remove contact details (${analysis.contactDetails.join(", ")}): the apps ban them and they expose you.` });
  }
  const refused = refusalReason(text);
  if (refused) {
    suggestions.push({ code: "content_not_allowed", message: `This contains ${refused} content the apps remove; it would get the profile flagged.` });
  }
  if (wc > 0 && analysis.readingEase < 50) {
    suggestions.push({ code: "hard_to_read", message: "Use shorter sentences and plainer words: it should read like you talking." });
  }

  const cleanPoints = Math.max(0, 10 - 5 * (analysis.clichesFound.length + analysis.negativePhrases.length));
  const readPoints = wc === 0 ? 0 : Math.max(0, Math.min(10, analysis.readingEase / 6));
  const warmOrFunny = Math.max(analysis.warmth, analysis.humour);
  const platformName = limit.kind === "bio" ? cap(platform) : "Hinge";
  const reasons: ScoreReason[] = [
    {
      check: "length",
      passed: lengthPoints === 25,
      points: Math.round(lengthPoints),
      outOf: 25,
      message: !withinLimit
        ? `${length - limit.maxChars} characters over ${platformName}'s ${limit.maxChars}.`
        : `${wc} ${wc === 1 ? "word" : "words"}${wc >= min && wc <= max ? ": the length that reads best" : `; ${min}-${max} reads best`} on ${platformName}.`,
    },
    {
      check: "specifics",
      passed: analysis.specificity >= 45,
      points: Math.round(analysis.specificity / 4),
      outOf: 25,
      message: analysis.specificity >= 45 ? "Concrete details (names, numbers, real things you do) make it memorable." : "Few concrete details: it could be almost anyone's.",
    },
    {
      check: "opener",
      passed: !!analysis.hook,
      points: analysis.hook ? 15 : 0,
      outOf: 15,
      message: analysis.hook ? `Gives a match something to answer: "${analysis.hook}"` : "Nothing for a match to reply to.",
    },
    {
      check: "warmth_or_humour",
      passed: warmOrFunny >= 50,
      points: Math.round(warmOrFunny * 0.15),
      outOf: 15,
      message:
        warmOrFunny >= 50
          ? analysis.humour > analysis.warmth
            ? "Sounds playful."
            : "Sounds warm and open to other people."
          : "Reads a little flat: neither warm nor playful yet.",
    },
    {
      check: "readability",
      passed: readPoints >= 10,
      points: Math.round(readPoints),
      outOf: 10,
      message: readPoints >= 10 ? "Easy to read, like someone talking." : "Harder to read than it needs to be: shorter sentences and plainer words help.",
    },
    {
      check: "clean",
      passed: cleanPoints === 10,
      points: cleanPoints,
      outOf: 10,
      message:
        cleanPoints === 10
          ? "No clichés or negativity."
          : `Costs points: ${[...analysis.clichesFound.map((c) => `"${c}" (a cliché)`), ...analysis.negativePhrases.map((n) => `"${n}" (negative)`)].join(", ")}.`,
    },
  ];
  if (analysis.contactDetails.length > 0) {
    reasons.push({ check: "contact_details", passed: false, points: -30, outOf: 0, message: "Contact details cost 30 points: the apps ban them and they expose you." });
  }
  let score = reasons.reduce((sum, r) => sum + r.points, 0);
  if (wc === 0) score = 0;
  else if (!withinLimit || refused) {
    score = Math.min(score, 40);
    reasons.push({
      check: "cap",
      passed: false,
      points: 0,
      outOf: 0,
      message: refused ? "Capped at 40: the apps remove content like this." : `Capped at 40 until it fits ${platformName}'s ${limit.maxChars} characters.`,
    });
  }

  return { score: clamp(score), reasons, length, maxChars: limit.maxChars, withinLimit, suggestions, analysis };
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
