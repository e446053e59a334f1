// Which photos to show, in which order, per platform; which to drop; what is missing.
// Pure and deterministic (ties broken by input order). The rules, and why:
// - The lead photo decides the swipe: it must be a clear solo face shot (one face, big enough,
//   in focus, lit well enough, no sunglasses). Without one, the set is told so rather than given
//   a bad lead.
// - Photos of you come before photos without you, always; a photo without you never scores
//   above one of you either (`rankPersonFirst`). A pet counts only when you are in the photo too.
// - A photo with a severe defect (its score is capped: photo-scoring.ts `severeDefectCap`) goes
//   after every photo of you without one.
// - Variety beats repetition: after the lead, the next best solo shot, then a full-body shot
//   early (people want to know what you look like), then the rest by score.
// - At most one group photo, never in the first two slots (who are you?).
// - Who you are comes from the faces that recur across the set (set-identity.ts): a photo where
//   you are absent (other people only) is dropped with that reason; the lead is never a photo
//   where you are absent, in a group, or hard to tell, whatever its score.
// - Photos scoring under 35 are dropped outright; of near-copies (the same shot re-saved or
//   re-edited, by fingerprint) only the best-scoring one stays.
// - Platform limits: Tinder shows up to 9 photos, Bumble 6, Hinge exactly 6 (it requires six).
import { isNearDuplicate } from "../imaging/fingerprint";
import type { PhotoScore, ScoreCap } from "./photo-scoring";
import { datingPlatforms, type DatingPlatform } from "./platforms";
import type { UserPresence } from "./set-identity";

/** The dating platforms, one list (domain/platforms.ts). */
export const platforms = datingPlatforms;
export type Platform = DatingPlatform;

export const platformRules: Record<Platform, { maxPhotos: number; minPhotos: number; name: string }> = {
  tinder: { maxPhotos: 9, minPhotos: 1, name: "Tinder" },
  bumble: { maxPhotos: 6, minPhotos: 1, name: "Bumble" },
  hinge: { maxPhotos: 6, minPhotos: 6, name: "Hinge" },
};

export const DROP_BELOW = 35;

export interface SetPhoto {
  id: string;
  score: PhotoScore;
  /** Content hash: identical uploads are duplicates. */
  sha256?: string;
  /** Visual fingerprint (imaging/fingerprint.ts): the same shot re-saved or re-edited. */
  fingerprint?: string;
  /** Where the user is in this photo (set-identity.ts); undefined when not determined. */
  user?: UserPresence;
}

/** What a set can lack (the API lists them, so clients can title each one). */
export const missingCodes = ["no_clear_solo_face", "no_full_body", "no_activity", "too_many_group_photos", "all_selfies", "need_more_photos"] as const;
export type MissingCode = (typeof missingCodes)[number];

/** Why a photo is left out (the API lists them, so clients can mark each photo). */
export const dropCodes = ["duplicate", "low_score", "near_copy", "not_you", "extra_group", "over_limit"] as const;
export type DropCode = (typeof dropCodes)[number];

export interface SetRecommendation {
  platform: Platform;
  order: string[];
  lead: string | null;
  drop: { id: string; code: DropCode; reason: string }[];
  missing: { code: MissingCode; message: string }[];
}

const isGroup = (p: SetPhoto) => p.score.photoType === "group";
const isFullBody = (p: SetPhoto) => p.score.photoType === "full_body";
const hasFace = (p: SetPhoto) => p.user !== "absent" && p.score.photoType !== "no_person" && p.score.detailed.faceVisibility.score !== 0;
/** Someone else's photo: faces, none of them the user's. */
const withoutUser = (p: SetPhoto) => p.user === "absent" && p.score.photoType !== "no_person" && p.score.detailed.faceVisibility.score !== 0;
/** May lead: a clear solo face that is the user's (or the set could not tell who the user is). */
const canLead = (p: SetPhoto) => p.score.clearSoloFace && (p.user === undefined || p.user === "solo" || p.user === "unknown");

/**
 * Holds every photo without you below the weakest photo of you in the same set, so a cat or a
 * coffee cup never outscores you: its overall becomes at most that score minus one (never below
 * 0), with the reason. Photos of you are returned unchanged.
 */
export function rankPersonFirst<T extends SetPhoto>(photos: T[]): T[] {
  const ofYou = photos.filter(hasFace).map((p) => p.score.overall);
  if (!ofYou.length) return photos;
  const weakest = Math.min(...ofYou);
  const limit = Math.max(0, weakest - 1);
  return photos.map((p) => {
    if (hasFace(p) || p.score.overall <= limit) return p;
    const cap: ScoreCap = {
      limit,
      code: "below_photos_of_you",
      reason: `We can't see you in this photo, so it scores below your weakest photo of you (${weakest}): at most ${limit}.`,
    };
    return { ...p, score: { ...p.score, overall: limit, cap } };
  });
}

/** How good a photo is as the first one people see. */
function leadValue(p: SetPhoto): number {
  return p.score.overall + (p.score.clearSoloFace ? 20 : -40) + (isGroup(p) ? -25 : 0);
}

export function recommendSet(photos: SetPhoto[], platform: Platform): SetRecommendation {
  const rules = platformRules[platform];
  const drop: SetRecommendation["drop"] = [];
  const seen = new Set<string>();
  const kept: SetPhoto[] = [];
  for (const p of photos) {
    if (p.sha256 && seen.has(p.sha256)) drop.push({ id: p.id, code: "duplicate", reason: "The same photo twice." });
    else if (p.score.overall < DROP_BELOW) drop.push({ id: p.id, code: "low_score", reason: `Scores ${p.score.overall}/100: it costs you more than it adds.` });
    else kept.push(p);
    if (p.sha256) seen.add(p.sha256);
  }
  const byScore = (a: SetPhoto, b: SetPhoto) => b.score.overall - a.score.overall;
  // Near-copies: the best-scoring one of each stays (ties: the earlier photo), the others go.
  const originals: SetPhoto[] = [];
  for (const p of [...kept].sort(byScore)) {
    const original = p.fingerprint ? originals.find((o) => o.fingerprint && isNearDuplicate(o.fingerprint, p.fingerprint!)) : undefined;
    if (!original) originals.push(p);
    else {
      drop.push({
        id: p.id,
        code: "near_copy",
        reason: `Nearly the same as photo ${photos.indexOf(original) + 1} (${original.score.overall}/100), which stays: two of one shot waste a slot.`,
      });
      kept.splice(kept.indexOf(p), 1);
    }
  }
  // Someone else's photo (after the copies, whose reason says more about the photo itself).
  for (const p of kept.filter(withoutUser)) {
    drop.push({ id: p.id, code: "not_you", reason: "You are not in this photo: none of its faces matches the face in your other photos." });
    kept.splice(kept.indexOf(p), 1);
  }
  const groups = kept.filter(isGroup).sort(byScore);
  for (const extra of groups.slice(1)) drop.push({ id: extra.id, code: "extra_group", reason: "More than one group photo: keep your best one." });
  const pool = kept.filter((p) => !isGroup(p) || p === groups[0]);

  const order: SetPhoto[] = [];
  const take = (p: SetPhoto | undefined) => {
    if (p && !order.includes(p)) order.push(p);
  };
  const leadCandidates = pool.filter(canLead).sort((a, b) => leadValue(b) - leadValue(a));
  take(leadCandidates[0]);
  take(leadCandidates[1]);
  take(pool.filter((p) => isFullBody(p) && hasFace(p) && !p.score.cap && !order.includes(p)).sort(byScore)[0]);
  const rest = pool.filter((p) => !order.includes(p)).sort(byScore);
  const ofYou = rest.filter(hasFace);
  const deferred: SetPhoto[] = [];
  for (const p of [...ofYou.filter((x) => !x.score.cap), ...ofYou.filter((x) => x.score.cap)]) {
    // The group photo never takes slot 1 or 2 while another photo of you can.
    if (isGroup(p) && order.length < 2) deferred.push(p);
    else take(p);
    if (order.length >= 2) take(deferred.shift());
  }
  for (const p of deferred) take(p);
  for (const p of rest) take(p); // photos without you last
  for (const p of order.splice(rules.maxPhotos)) drop.push({ id: p.id, code: "over_limit", reason: `${rules.name} shows ${rules.maxPhotos} photos: this one adds the least.` });

  const missing: SetRecommendation["missing"] = [];
  if (!leadCandidates.length) {
    missing.push({
      code: "no_clear_solo_face",
      message: "No clear solo photo of your face: add one where only you are in it, face to the camera, sharp and well lit. It should be your first photo.",
    });
  }
  if (!kept.some(isFullBody)) {
    const local = kept.every((p) => p.score.photoTypeSource !== "vision");
    missing.push({
      code: "no_full_body",
      message: `No full-body shot${local ? " (as far as we can tell from faces alone)" : ""}: add one standing, head to toe, in good light.`,
    });
  }
  // Something you do or love: an activity or a pet with you (scene objects or the vision model's type).
  const doing = (p: SetPhoto) => p.score.photoType === "activity" || p.score.photoType === "pet";
  if (kept.some((p) => hasFace(p) && p.score.photoTypeSource !== "none") && !kept.some(doing)) {
    missing.push({
      code: "no_activity",
      message: "Nothing shows what you do: add a photo of you doing something you enjoy, or with your dog or cat. It gives people something to message you about.",
    });
  }
  if (groups.length > 1) missing.push({ code: "too_many_group_photos", message: `${groups.length} group photos: keep one, and never as your first.` });
  const typed = kept.filter((p) => p.score.photoTypeSource === "vision");
  if (typed.length >= 3 && typed.every((p) => p.score.photoType === "selfie" || p.score.photoType === "mirror_selfie")) {
    missing.push({ code: "all_selfies", message: "Every photo is a selfie: ask a friend for a few shots, ideally doing something you enjoy." });
  }
  if (order.length < rules.minPhotos) {
    missing.push({ code: "need_more_photos", message: `${rules.name} needs ${rules.minPhotos} photos: add ${rules.minPhotos - order.length} more.` });
  }
  return { platform, order: order.map((p) => p.id), lead: order[0] && canLead(order[0]) ? order[0].id : null, drop, missing };
}
