// Making text fit a platform's limit without breaking it mid-word: whole sentences when that
// keeps at least half the room, otherwise the last whole word and an ellipsis. Whatever comes
// in, what comes out is never longer than the limit.
import { textLength } from "./platforms";

const ELLIPSIS = "…";

export function trimToLimit(text: string, maxChars: number): string {
  const t = text.trim();
  if (textLength(t) <= maxChars) return t;

  const sentences = t.match(/[^.!?…]+(?:[.!?…]+|$)/g) ?? [t];
  let kept = "";
  for (const s of sentences) {
    const next = (kept + s).trimEnd();
    if (textLength(next) > maxChars) break;
    kept = kept + s;
  }
  kept = kept.trim();
  if (textLength(kept) >= maxChars / 2) return kept;

  const room = maxChars - ELLIPSIS.length;
  let cut = t.slice(0, room + 1);
  const lastSpace = cut.search(/\s\S*$/);
  cut = lastSpace > 0 ? cut.slice(0, lastSpace) : t.slice(0, room);
  // Never end on half a surrogate pair (an emoji cut in two).
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  cut = cut.replace(/[\s,;:\-–—(]+$/, "");
  return `${cut}${ELLIPSIS}`;
}
