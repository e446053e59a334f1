// What a dating bio must never contain, and what a user's facts must never be able to do.
// Pure functions over strings: the bio routes, the local composer and the model screen all
// call them, so one list decides for every path.
//
// - Contact details (emails, phone numbers, links, @handles, "snap: x", "my insta is x"): every
//   app bans them and they expose the user; we strip them from facts and from output.
// - Explicit or hateful content: refused with `bio_content_refused`, never rewritten.
// - Text that reads like instructions to a model ("ignore previous instructions..."): dropped
//   from the facts, which are data; the model path has further structural defences.

export type ContactKind = "email" | "phone" | "url" | "handle" | "social";

export interface ContactFinding {
  kind: ContactKind;
  match: string;
}

const SOCIAL = String.raw`(?:snap(?:chat)?|sc|insta(?:gram)?|ig|tik\s?tok|tt|twitter|telegram|tg|whats\s?app|wa|kik|discord|facebook|fb|onlyfans|signal|venmo|cash\s?app|paypal|linkedin)`;

// Order matters: an email contains something that looks like a domain and a handle.
const contactPatterns: { kind: ContactKind; re: RegExp }[] = [
  // Spaces are allowed only around spelled-out separators ("sam (at) mail (dot) com"), so a
  // sentence after an address ("x@y.com. I grew up...") is not swallowed.
  { kind: "email", re: /[\p{L}\p{N}._%+-]+(?:@|\s*(?:\(at\)|\[at\])\s*)[\p{L}\p{N}-]+(?:(?:\.|\s*(?:\(dot\)|\[dot\])\s*)[\p{L}\p{N}-]+)+/giu },
  { kind: "url", re: /\b(?:https?:\/\/|www\.)[^\s]+/gi },
  {
    kind: "url",
    // Bare domains, limited to endings that are not also typos of ordinary words ("you.me").
    re: /\b[a-z0-9][a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|io|app|ly|gg|tv|link|bio|xyz|info|dev|page|site|fans|ee|co\.uk)(?:\/[^\s]*)?(?![\p{L}\p{N}])/giu,
  },
  // "snap: sam_1", "insta - sam.k", "ig @sam", "my insta is sam". A bare mention ("I quit
  // facebook") is not contact information: a separator or "is" must follow the platform.
  {
    kind: "social",
    re: new RegExp(
      String.raw`\b(?:(?:add|follow|find|hit|message|dm|text|msg)\s+me\s+(?:up\s+)?(?:on|at)\s+)?${SOCIAL}\s*(?:[:=@>\-–—]+|\s+is\s+)\s*@?[\p{L}\p{N}_.]{2,30}`,
      "giu",
    ),
  },
  { kind: "social", re: new RegExp(String.raw`\b(?:add|follow|find|hit|message|dm|text|msg)\s+me\s+(?:up\s+)?(?:on|at)\s+${SOCIAL}\b`, "giu") },
  { kind: "social", re: /\bmy\s+(?:number|phone|cell|email|e-mail|handle|username|user\s?name)\s*(?:is|:)\s*\S+/giu },
  // Nine or more digits with the usual separators: phone numbers, not years ("2019-2021").
  { kind: "phone", re: /(?:\+|\(|\b)(?:\d[\s().-]{0,3}){8,}\d\b/g },
  { kind: "handle", re: /(?:^|(?<=[\s(,;:]))@[\p{L}\p{N}_.]{2,30}/gu },
];

/** Every contact detail in `text`, in the order the patterns find them (no overlaps). */
export function findContactDetails(text: string): ContactFinding[] {
  const findings: ContactFinding[] = [];
  let rest = text;
  for (const { kind, re } of contactPatterns) {
    rest = rest.replace(re, (m) => {
      findings.push({ kind, match: m.trim() });
      return " ".repeat(m.length);
    });
  }
  return findings;
}

const REMOVED = "\u0000";

const CONTACT_LEAD_IN =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: U+0000 is the cut mark stripContactDetails leaves
  /\b(?:(?:text|call|message|e?-?mail|dm|add|follow|find|reach|hit|msg)\s+(?:me\b\s*)?(?:up\s+)?(?:on|at|via)?|my(?:\s+(?:number|email|handle)(?:\s+is)?)?)\s*[:-]?\s*(?=\u0000)/gi;
// biome-ignore lint/suspicious/noControlCharactersInRegex: U+0000 is the cut mark stripContactDetails leaves
const CUT_MARKS = /\s*(?:\u0000\s*(?:,|or|and|\/|&)?\s*)+/g;

/**
 * Removes contact details, with the words that only introduced them ("text me at", "my snap:"),
 * and tidies the space and punctuation left behind.
 */
export function stripContactDetails(text: string): { text: string; removed: ContactFinding[] } {
  const removed: ContactFinding[] = [];
  let out = text.replaceAll(REMOVED, "");
  for (const { kind, re } of contactPatterns) {
    out = out.replace(re, (m) => {
      removed.push({ kind, match: m.trim() });
      return REMOVED;
    });
  }
  if (removed.length === 0) return { text, removed };
  // U+0000 marks where a contact detail was cut out (above): remove the words that led to it, then the marks.
  out = out.replace(CONTACT_LEAD_IN, "").replace(CUT_MARKS, " ");
  return { text: tidy(out), removed };
}

/** Collapses whitespace and the orphaned punctuation a removal leaves behind. */
export function tidy(text: string): string {
  return text
    .replace(/[ \t]+/g, " ")
    .replace(/ *\n */g, "\n")
    .replace(/\(\s*\)|\[\s*\]/g, "")
    .replace(/\s+([.,!?;:])/g, "$1")
    .replace(/([.,;:!?])(?:\s*[.,;:])+/g, "$1")
    .replace(/(^|\n)[\s.,;:!?·|-]+/g, "$1")
    .replace(/[ \t]+/g, " ")
    .trim();
}

// --- explicit and hateful content ----------------------------------------------------------

export type RefusalReason = "explicit" | "hateful";

const explicitPatterns: RegExp[] = [
  /\b(?:nudes?|nsfw|porn\w*|sexting|sext|horny|blow\s?jobs?|hand\s?jobs?|dick\s*pics?|cock|pussy|tits|boobs|naked\s+(?:pics?|photos?)|send\s+pics)\b/i,
  /\bcum\b(?!\s+laude)/i,
  /\b(?:dtf|fwb\s+only|fuck\s*buddy|fuck\s+me|wanna\s+fuck|sex\s+tonight|looking\s+for\s+sex|just\s+sex)\b/i,
  // Anything that sexualises minors.
  /\b(?:barely\s+legal|under\s?age|jail\s?bait|teen\s+(?:sex|girls?|boys?)|lolita)\b/i,
];

// "No <group>" rejects people for who they are. Not in this list: genders (a woman seeking
// women may say "no men") and beliefs (dating within one's faith is a common, stated goal).
const EXCLUDED_GROUPS = String.raw`(?:blacks?|whites?|asians?|indians?|latin[oa]s?|hispanics?|mexicans?|arabs?|africans?|chinese|gypsies|trans(?:gender)?(?:\s+people)?|trannies|fats|fatties|fat\s+people|femmes?|disabled(?:\s+people)?|immigrants?|foreigners?)`;
const GROUPS = `(?:${EXCLUDED_GROUPS}|muslims?|jews?|christians?|hindus?|gays?|lesbians?|refugees?)`;
// Genders only where the sentence dehumanises ("women are property"); "I hate men who ghost"
// is a complaint, not hate.
const DEHUMANISED = `(?:${GROUPS}|women|men|girls|boys)`;

const hatefulPatterns: RegExp[] = [
  new RegExp(String.raw`\bno\s+${EXCLUDED_GROUPS}\b`, "i"),
  new RegExp(String.raw`\b(?:hate|despise|can'?t\s+stand)\s+(?:all\s+)?${GROUPS}\b`, "i"),
  new RegExp(String.raw`\b${DEHUMANISED}\s+(?:are|r)\s+(?:animals|vermin|subhuman|trash|inferior|scum|disgusting|parasites|property|objects)\b`, "i"),
  new RegExp(String.raw`\b${GROUPS}\s+need\s+not\s+apply\b`, "i"),
  /\b(?:white\s+power|heil\s+hitler|sieg\s+heil|14\/88|1488|subhumans?|race\s+traitors?)\b/i,
];

/** Why `text` must not be written, or null when it may. */
export function refusalReason(text: string): RefusalReason | null {
  if (explicitPatterns.some((re) => re.test(text))) return "explicit";
  if (hatefulPatterns.some((re) => re.test(text))) return "hateful";
  return null;
}

// --- instructions hidden in facts -----------------------------------------------------------

const instructionPatterns: RegExp[] = [
  /\b(?:ignore|disregard|forget|override|bypass)\b[^.!?\n]{0,40}\b(?:instructions?|prompts?|rules|guidelines|above|previous|prior|system|everything)\b/i,
  /\b(?:system|developer|hidden|initial)\s+(?:prompt|message|instructions?)\b/i,
  /\byou\s+are\s+(?:now|no\s+longer|actually)\b/i,
  /\b(?:reveal|print|show|repeat|output|return|reply\s+with|respond\s+with|write\s+out)\b[^.!?\n]{0,40}\b(?:prompt|instructions?|json|schema|system|above)\b/i,
  /\bnew\s+(?:instructions?|rules|task)\b/i,
  /(?:^|\n)\s*(?:#{2,}|```|<\|im_(?:start|end)\|>|\[\/?INST\]|(?:system|assistant|user)\s*:)/i,
  /<\/?\s*user_facts\s*>/i,
];

/** True when the text tries to instruct a model rather than describe the user. */
export const isInstructionLike = (text: string) => instructionPatterns.some((re) => re.test(text));

// --- system prompt leaks --------------------------------------------------------------------

const words = (text: string) =>
  text
    .toLowerCase()
    .normalize("NFKC")
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

/**
 * True when `output` repeats any run of `window` consecutive words of `secret` (case, spacing and
 * punctuation ignored). Bios are short and the secret long, so six words in a row is no accident.
 */
export function repeatsPassage(output: string, secret: string, window = 6): boolean {
  const secretWords = words(secret);
  if (secretWords.length < window) return words(output).join(" ").includes(secretWords.join(" "));
  const haystack = ` ${words(output).join(" ")} `;
  for (let i = 0; i + window <= secretWords.length; i++) {
    if (haystack.includes(` ${secretWords.slice(i, i + window).join(" ")} `)) return true;
  }
  return false;
}
