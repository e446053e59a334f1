// Dating photo scoring: a pure, deterministic mapping from measured features (and, when a vision
// model judged the photo, its judgement) to the detailed scores, the overall score and concrete
// fixes. Expression and eye contact come from the face landmarks when they can tell. Without the
// vision model, the first impression is built from what was measured on the face (smile, eye
// contact, light, focus) and style and setting from the scene (background detail, the objects
// found, the framing), each with the facts in its reason; the vision model, when it judged the
// photo, gives those two instead. What nothing can tell (no readable face) is null with the
// reason, never guessed; the overall then averages what was judged. Each detail's `source` says
// who gave it.
//
// Each detailed score is 0-100 and carries the reason behind it, in the user's language, with
// the measured number. The mapping is documented next to each part; thresholds come from
// worker/imaging/thresholds.ts, calibrated on the labelled fixture set.
import type { PhotoFeatures } from "../imaging/features";
import { IMAGING_THRESHOLDS as T } from "../imaging/thresholds";
import type { PhotoType, VisionJudgement } from "./photo-judgement";

/** The eight things each photo is scored on; the API lists them, so clients can label each one. */
export const detailKeys = ["technicalQuality", "lighting", "composition", "faceVisibility", "expression", "eyeContact", "impression", "styleAndSetting"] as const;
export type DetailKey = (typeof detailKeys)[number];

export interface Detail {
  score: number | null;
  reason: string;
  source: "local" | "vision";
}

export interface Suggestion {
  code: string;
  message: string;
  impact: "high" | "medium" | "low";
  source: "local" | "vision";
}

/** A ceiling on the overall score and why (see `severeDefectCap` and photo-set.ts `rankPersonFirst`). */
export interface ScoreCap {
  /** The most the overall score may be. */
  limit: number;
  code: "no_person" | "poor_light" | "out_of_focus" | "below_photos_of_you";
  /** One sentence for the user, with the measured number. */
  reason: string;
}

export interface PhotoScore {
  /** The weighted details, at most `cap.limit`. */
  overall: number;
  /** Set when a severe defect caps the score (whether or not the details reached the cap). */
  cap: ScoreCap | null;
  detailed: Record<DetailKey, Detail>;
  suggestions: Suggestion[];
  photoType: PhotoType | "unknown";
  photoTypeSource: "vision" | "local" | "none";
  /** Exactly one face, big, sharp and lit well enough to be recognisable. */
  clearSoloFace: boolean;
  /** Judged fully (vision) or only from pixels (local). */
  judgedBy: "local" | "local+vision";
}

/** Weights of the overall score; renormalised over the details that were judged. */
export const WEIGHTS: Record<DetailKey, number> = {
  technicalQuality: 0.2,
  lighting: 0.15,
  composition: 0.15,
  faceVisibility: 0.15,
  expression: 0.1,
  eyeContact: 0.08,
  impression: 0.12,
  styleAndSetting: 0.05,
};

const clamp = (v: number, lo = 0, hi = 100) => Math.min(hi, Math.max(lo, v));
const pct = (f: number) => `${Math.round(f * 100)}%`;

/** 50 at the defect threshold, +35 per doubling above it, -35 per halving below (log scale:
 * sharpness measures span orders of magnitude). */
function ratioScore(value: number, threshold: number): number {
  if (value <= 0) return 0;
  return clamp(50 + 35 * Math.log2(value / threshold));
}

function technicalQuality(f: PhotoFeatures, out: Suggestion[]): Detail {
  // Relative sharpness (Laplacian energy over luma variance) does not depend on exposure.
  const faceSharp = f.sharpness.face;
  const sharp = faceSharp !== null ? ratioScore(faceSharp.relative, T.blurry.maxFaceRelative) : ratioScore(f.sharpness.relative, T.blurry.maxFrameRelative);
  const noiseRatio = f.noise.sigma / T.noisy.minSigma;
  const noisePenalty = f.defects.includes("noisy") ? Math.min(30, 20 * (noiseRatio - 1)) : 0;
  const short = f.resolution.shortSide;
  const resPenalty = short < T.lowResolution.minShortSide ? 25 : short < 800 ? 8 : 0;
  const score = Math.round(clamp(sharp - noisePenalty - resPenalty));
  const parts: string[] = [];
  if (f.defects.includes("blurry")) {
    parts.push(faceSharp !== null ? "your face is out of focus" : "the photo is soft");
    out.push({
      code: "blurry",
      message:
        faceSharp !== null
          ? "Your face is out of focus: tap on your face to focus, hold still, and use the back camera if you can."
          : "The photo is blurry: hold the phone steady or lean on something, and tap to focus.",
      impact: "high",
      source: "local",
    });
  } else parts.push(faceSharp !== null ? "your face is in focus" : "the photo is sharp");
  if (f.defects.includes("noisy")) {
    parts.push("visible grain");
    out.push({
      code: "noisy",
      message: `Grainy (noise level ${f.noise.sigma.toFixed(1)}): it was shot in low light. More light beats night mode.`,
      impact: "medium",
      source: "local",
    });
  }
  if (f.defects.includes("low_resolution")) {
    parts.push(`only ${f.resolution.megapixels.toFixed(1)} MP`);
    out.push({
      code: "low_resolution",
      message: `Only ${f.resolution.megapixels.toFixed(1)} MP (${f.source.width}x${f.source.height}): upload the original photo, not a screenshot or a forwarded copy.`,
      impact: "medium",
      source: "local",
    });
  }
  return { score, reason: `${capitalise(parts.join(", "))}.`, source: "local" };
}

function lighting(f: PhotoFeatures, out: Suggestion[]): Detail {
  const mean = f.exposure.meanLuminance;
  // Well-exposed portraits sit between 35% and 65% mean brightness; falls to 0 at 5% / 95%.
  const base = mean < 0.35 ? clamp(((mean - 0.05) / 0.3) * 100) : mean > 0.65 ? clamp(((0.95 - mean) / 0.3) * 100) : 100;
  const clipPenalty = Math.min(40, f.exposure.highlightsClipped * 200) + Math.min(25, f.exposure.shadowsClipped * 100);
  const flatPenalty = f.contrast.rms < T.lowContrast.maxRms ? 20 : 0;
  const castPenalty = f.color.castChroma > T.colorCast.minCastChroma ? Math.min(25, (f.color.castChroma - T.colorCast.minCastChroma) * 2) : 0;
  const score = Math.round(clamp(base - clipPenalty - flatPenalty - castPenalty));
  const parts: string[] = [];
  if (f.defects.includes("too_dark")) {
    parts.push(`underexposed (average brightness ${pct(mean)})`);
    out.push({
      code: "too_dark",
      message: `Underexposed (average brightness ${pct(mean)}): shoot facing a window or in open shade, not with the light behind you.`,
      impact: "high",
      source: "local",
    });
  }
  if (f.defects.includes("overexposed")) {
    parts.push(`overexposed (${pct(f.exposure.highlightsClipped)} blown out)`);
    out.push({
      code: "overexposed",
      message: `Overexposed: ${pct(f.exposure.highlightsClipped)} of the photo is pure white. Avoid direct midday sun and flash; tap your face to set exposure.`,
      impact: "high",
      source: "local",
    });
  }
  if (f.defects.includes("low_contrast")) {
    parts.push("flat, washed-out light");
    out.push({ code: "low_contrast", message: "Flat and washed out: move out of haze or backlight, or add a little contrast when editing.", impact: "low", source: "local" });
  }
  if (f.defects.includes("color_cast")) {
    const tint = castName(f.color.castA, f.color.castB);
    parts.push(`a ${tint} colour cast`);
    out.push({
      code: "color_cast",
      message: `A ${tint} colour cast makes skin look unnatural: shoot in daylight or correct the white balance.`,
      impact: "medium",
      source: "local",
    });
  }
  if (!parts.length) parts.push(`good exposure (average brightness ${pct(mean)})`);
  return { score, reason: `${capitalise(parts.join(", "))}.`, source: "local" };
}

function castName(a: number, b: number): string {
  if (Math.abs(b) >= Math.abs(a)) return b > 0 ? "yellow-orange" : "blue";
  return a > 0 ? "magenta" : "green";
}

function composition(f: PhotoFeatures, out: Suggestion[]): Detail {
  const p = f.faces.primary;
  if (!p) return { score: 40, reason: "No face to compose around.", source: "local" };
  const w = p.widthFraction;
  // A face a fifth to almost half of the frame width reads well on a phone screen.
  const size = w < 0.18 ? clamp(30 + ((w - 0.05) / 0.13) * 70, 20) : w > 0.6 ? 70 : 100;
  const thirds = Math.min(15, p.thirdsDistance * 60);
  const tilt = Math.abs(p.rollDegrees) > T.headTilted.minAbsRollDegrees ? Math.min(20, (Math.abs(p.rollDegrees) - T.headTilted.minAbsRollDegrees) * 1.5 + 5) : 0;
  const eyes = p.eyeLineHeight < 0.2 || p.eyeLineHeight > 0.6 ? 10 : 0;
  const score = Math.round(clamp(size - thirds - tilt - eyes));
  const parts = [`your face fills ${pct(w)} of the frame width`];
  if (f.defects.includes("face_too_small")) {
    out.push({ code: "face_too_small", message: `Your face fills ${pct(w)} of the frame width: crop closer so it fills about a third.`, impact: "high", source: "local" });
  }
  if (f.defects.includes("head_tilted")) {
    parts.push(`head tilted ${Math.round(Math.abs(p.rollDegrees))}°`);
    out.push({
      code: "head_tilted",
      message: `Your head is tilted ${Math.round(Math.abs(p.rollDegrees))}°: straighten up a little (a slight tilt is fine).`,
      impact: "low",
      source: "local",
    });
  }
  if (eyes) parts.push(p.eyeLineHeight < 0.2 ? "eyes very close to the top edge" : "eyes low in the frame");
  return { score, reason: `${capitalise(parts.join(", "))}.`, source: "local" };
}

function faceVisibility(f: PhotoFeatures, out: Suggestion[]): Detail {
  if (f.faces.count === 0) {
    out.push({ code: "no_face", message: "We can't see a face: fine for a hobby shot, but keep it out of your first three photos.", impact: "high", source: "local" });
    return { score: 0, reason: "No face found.", source: "local" };
  }
  if (f.faces.count >= 2) {
    out.push({ code: "multiple_faces", message: `${f.faces.count} faces: make it obvious which one is you, and use at most one group photo.`, impact: "medium", source: "local" });
    return { score: 45, reason: `${f.faces.count} faces: it is not clear which one is you.`, source: "local" };
  }
  const p = f.faces.primary!;
  const sizeScore = clamp(40 + (p.widthFraction / 0.2) * 60);
  const sharpOk = !f.defects.includes("blurry");
  return {
    score: Math.round(clamp(sizeScore - (sharpOk ? 0 : 25))),
    reason: `One face, ${pct(p.widthFraction)} of the frame width${sharpOk ? "" : ", not sharp"}.`,
    source: "local",
  };
}

const expressionScores: Record<VisionJudgement["expression"], number> = {
  genuine_smile: 95,
  slight_smile: 85,
  neutral: 65,
  serious: 50,
  unflattering: 25,
  not_visible: 20,
};
const eyeContactScores: Record<VisionJudgement["eyeContact"], number> = { with_camera: 95, away: 65, eyes_closed: 15, not_visible: 30 };

const notJudged = (what: string): Detail => ({ score: null, reason: `${what} needs a readable face or the vision model, and neither was there for this photo.`, source: "vision" });

function visionDetails(j: VisionJudgement | null | undefined, out: Suggestion[]): Pick<PhotoScore["detailed"], "expression" | "eyeContact" | "impression" | "styleAndSetting"> {
  if (!j)
    return {
      expression: notJudged("Expression"),
      eyeContact: notJudged("Eye contact"),
      impression: notJudged("First impression"),
      styleAndSetting: notJudged("Style and setting"),
    };
  if (j.eyeContact === "eyes_closed")
    out.push({ code: "eyes_closed", message: "Your eyes are closed: pick a frame from the same burst with your eyes open.", impact: "high", source: "vision" });
  if (j.sunglasses) out.push({ code: "sunglasses", message: "Sunglasses hide your eyes: people swipe on eyes. Not for your first photo.", impact: "medium", source: "vision" });
  if (j.hat) out.push({ code: "hat", message: "A hat hides your hair and shades your eyes: fine later in the set, not first.", impact: "low", source: "vision" });
  if (j.heavyFilter) out.push({ code: "heavy_filter", message: "Heavy filters read as hiding something: use the unedited photo.", impact: "medium", source: "vision" });
  if (j.photoType === "mirror_selfie") out.push({ code: "mirror_selfie", message: "Mirror selfies do poorly: ask a friend to take the shot.", impact: "medium", source: "vision" });
  out.push({ code: "model_tip", message: j.topFix, impact: "medium", source: "vision" });
  const { smart, trustworthy, attractive } = j.impressions;
  const style = clamp(j.approachability * 10 - (j.sunglasses ? 25 : 0) - (j.hat ? 10 : 0) - (j.heavyFilter ? 20 : 0));
  return {
    expression: { score: expressionScores[j.expression], reason: `Expression: ${j.expression.replace(/_/g, " ")}.`, source: "vision" },
    eyeContact: { score: eyeContactScores[j.eyeContact], reason: `Eye contact: ${j.eyeContact.replace(/_/g, " ")}.`, source: "vision" },
    impression: {
      score: Math.round(((smart.score + trustworthy.score + attractive.score) / 3) * 10),
      reason: `Smart ${smart.score}/10 (${smart.why}); trustworthy ${trustworthy.score}/10 (${trustworthy.why}); attractive ${attractive.score}/10 (${attractive.why}).`,
      source: "vision",
    },
    styleAndSetting: { score: Math.round(style), reason: `${capitalise(j.setting)}; ${j.outfit}; approachability ${j.approachability}/10.`, source: "vision" },
  };
}

/**
 * Expression and eye contact measured locally on the primary face's landmarks (mesh + iris,
 * worker/imaging/landmarks.ts). They take precedence over the vision model's words for the same
 * two details: a measurement with its number beats a cloud call; the vision model fills in only
 * where the landmarks cannot tell (no face, a face too small or turned too far).
 */
function localFaceDetails(f: PhotoFeatures, out: Suggestion[]): Partial<Pick<PhotoScore["detailed"], "expression" | "eyeContact">> {
  const face = f.faces.primary ? f.faces.items[f.faces.primary.index] : undefined;
  const a = face?.attributes;
  const l = face?.landmarks;
  if (!a || !l) return {};
  const result: Partial<Pick<PhotoScore["detailed"], "expression" | "eyeContact">> = {};
  if (a.expression) {
    const lift = pct(Math.max(0, l.mouth.cornerLift));
    result.expression =
      a.expression === "happy"
        ? { score: 90, reason: `Smiling: the mouth corners sit ${lift} of the mouth's width above its centre.`, source: "local" }
        : a.expression === "neutral"
          ? { score: 65, reason: "A neutral, closed-mouth expression: a real smile usually does better.", source: "local" }
          : { score: 45, reason: "The mouth is open without a smile (talking or surprised): pick a frame where you smile.", source: "local" };
  }
  if (a.sunglasses) {
    if (!out.some((s) => s.code === "sunglasses"))
      out.push({ code: "sunglasses", message: "Sunglasses hide your eyes: people swipe on eyes. Not for your first photo.", impact: "medium", source: "local" });
    result.eyeContact = { score: 30, reason: "Sunglasses hide your eyes: no eye contact can be made.", source: "local" };
  } else if (a.eyesOpen === false) {
    if (!out.some((s) => s.code === "eyes_closed"))
      out.push({ code: "eyes_closed", message: "Your eyes are closed: pick a frame from the same burst with your eyes open.", impact: "high", source: "local" });
    result.eyeContact = { score: 15, reason: "The eyes look closed.", source: "local" };
  } else if (a.eyeContact !== null) {
    const yaw = Math.round(Math.abs(l.pose.yawDegrees));
    result.eyeContact = a.eyeContact
      ? { score: 90, reason: `Looking into the camera (head turned ${yaw}°, irises centred).`, source: "local" }
      : { score: 60, reason: `Looking away from the camera (head turned ${yaw}°${yaw <= 20 ? ", eyes off to the side" : ""}).`, source: "local" };
  }
  return result;
}

/**
 * The first impression without the vision model: the signals people read first in a dating photo,
 * as measured on the primary face. A real smile (35%), eye contact (30%), light on the face (20%)
 * and focus (15%), each the local detail's own score, so the reason can name them. It says how
 * approachable the photo reads, not how attractive the person is: nothing local judges that.
 * Null without a readable face.
 */
function localImpression(f: PhotoFeatures, detailed: Record<DetailKey, Detail>): Detail | null {
  const { expression, eyeContact, lighting, technicalQuality } = detailed;
  if (expression.source !== "local" || eyeContact.source !== "local" || expression.score === null || eyeContact.score === null) return null;
  const score = Math.round(0.35 * expression.score + 0.3 * eyeContact.score + 0.2 * (lighting.score ?? 50) + 0.15 * (technicalQuality.score ?? 50));
  const smile = expression.score >= 80 ? "a smile" : expression.score >= 60 ? "a neutral expression" : "no smile";
  const eyes = primaryFace(f)?.attributes?.sunglasses
    ? "sunglasses over your eyes"
    : eyeContact.score >= 80
      ? "eye contact"
      : eyeContact.score >= 40
        ? "eyes away from the camera"
        : "closed eyes";
  const light = (lighting.score ?? 0) >= 70 ? "good light" : "weak light";
  const verdict = score >= 80 ? "reads warm and approachable" : score >= 60 ? "reads friendly but reserved" : "reads distant";
  return {
    score,
    reason: `From what we measured: ${smile}, ${eyes} and ${light} on your face; the photo ${verdict}. Smart, trustworthy and attractive need the vision model.`,
    source: "local",
  };
}

/** Background detail over subject detail (noise removed from both) at or above this reads busy; at or below QUIET, plain. */
export const BACKGROUND_BUSY_RATIO = 0.95;
export const BACKGROUND_QUIET_RATIO = 0.55;
/** Gradient a noise of sigma 1 adds to |dx| + |dy| (2 x 1.128: the mean |difference| of two normal samples). */
const NOISE_GRADIENT = 2.26;

const article = (label: string) => (/^[aeiou]/.test(label) ? `an ${label}` : `a ${label}`);

/**
 * Style and setting without the vision model, from the scene: how busy the background is beside
 * you, and what is in the photo with you (a pet, an activity, a drink). Starts at 65, a plain
 * photo of you; a quiet background +10, a busy one -15; a pet or an activity with you +10 each
 * (what people ask about first), travel +5, a full-body shot +5 (Hinge asks for one), a drink -5
 * (fine once, not in every photo). Outfit needs the vision model.
 */
function localStyle(f: PhotoFeatures, out: Suggestion[]): Detail {
  const person = f.faces.count > 0 || bodySeen(f);
  const objects = f.objects?.items ?? [];
  const first = (category: string) => objects.find((o) => o.category === category);
  const pet = first("pet") ?? first("animal");
  if (!person) {
    if (pet)
      out.push({
        code: "pet_without_you",
        message: `${capitalise(article(pet.label))} is a plus, but you are not in this photo: take one of the two of you together.`,
        impact: "medium",
        source: "local",
      });
    return {
      score: 35,
      reason: pet
        ? `${capitalise(article(pet.label))}, but not you: a pet photo is a plus when you are in it.`
        : "No person in the photo: the setting says little about you on its own.",
      source: "local",
    };
  }
  let score = 65;
  const parts: string[] = [];
  const b = f.background;
  if (b && b.share >= 0.2) {
    const noise = NOISE_GRADIENT * f.noise.sigma;
    const ratio = Math.max(0, b.detail - noise) / Math.max(1, b.subjectDetail - noise);
    if (ratio >= BACKGROUND_BUSY_RATIO) {
      score -= 15;
      parts.push(`a busy background: as much going on behind you as on you (${pct(ratio)} of your detail)`);
      out.push({
        code: "busy_background",
        message: "The background is as busy as you are: step in front of a plain wall, open sky or greenery, or get closer.",
        impact: "medium",
        source: "local",
      });
    } else if (ratio <= BACKGROUND_QUIET_RATIO) {
      score += 10;
      parts.push(`a calm background that keeps the eye on you (${pct(ratio)} of your detail)`);
    } else parts.push(`the background is neither plain nor busy (${pct(ratio)} of your detail)`);
  }
  if (pet) {
    score += 10;
    parts.push(`you with ${article(pet.label)}: people love a pet photo`);
  }
  const activity = first("activity");
  if (activity) {
    score += 10;
    parts.push(`${article(activity.label)} shows what you do`);
  }
  const travel = first("travel");
  if (travel) {
    score += 5;
    parts.push(`${article(travel.label)} says travel`);
  }
  if (f.body?.framing === "full_body") {
    score += 5;
    parts.push("your whole outfit is in the shot");
  }
  const drink = first("drink");
  if (drink) {
    score -= 5;
    parts.push(`${article(drink.label)} in the shot: fine once, not in every photo`);
  }
  if (!parts.length) parts.push("nothing in the scene we could measure beyond you");
  return { score: Math.round(clamp(score)), reason: `${capitalise(parts.join("; "))}. Outfit needs the vision model.`, source: "local" };
}

const primaryFace = (f: PhotoFeatures) => (f.faces.primary ? f.faces.items[f.faces.primary.index] : undefined);

/** A person the pose model sees (imaging/pose.ts; measured when no face fills the frame). */
const bodySeen = (f: PhotoFeatures) => f.body !== null && f.body.framing !== "none";

/** Photo type from pixels alone: the faces, and the body pose where no face fills the frame (a
 * person seen head to feet is a full-body shot even when their face is too small to find). */
function localPhotoType(f: PhotoFeatures): PhotoType | "unknown" {
  if (f.faces.count === 0) return bodySeen(f) ? (f.body!.framing === "full_body" ? "full_body" : "half_body") : "no_person";
  if (f.faces.count >= 2) return "group";
  // You with a pet, or doing something (scene objects), unless the shot is the full-body one.
  const found = (category: string) => f.objects?.items.some((o) => o.category === category) ?? false;
  if (f.body?.framing !== "full_body" && (found("pet") || found("animal"))) return "pet";
  if (f.body?.framing !== "full_body" && found("activity")) return "activity";
  const w = f.faces.primary!.widthFraction;
  if (w >= 0.3) return "close_up";
  if (f.body?.framing === "full_body") return "full_body";
  // No pose verdict of a full body: a small single face in a portrait frame still reads as one.
  if (f.body === null && w < 0.1 && f.resolution.orientation === "portrait") return "full_body";
  return "half_body";
}

/**
 * Severe defects cap the overall score: however good the rest, a photo people cannot see you in
 * must not read as a good photo. Caps, lowest first: no face at all 40 (a photo without you
 * never leads a dating profile and goes after every photo of you: photo-set.ts), lighting
 * under 30/100 45 (too dark or blown out to see you), your face (or, without one, the photo)
 * out of focus 55. The lowest cap that applies wins.
 */
export const SEVERE_CAPS = { noPerson: 40, poorLight: 45, outOfFocus: 55 } as const;
/** A lighting score under this is a severe defect (the dark fixture scores 8, the blown-out one 22; clean >= 84). */
export const SEVERE_LIGHTING = 30;

export function severeDefectCap(f: PhotoFeatures, detailed: Record<DetailKey, Detail>): ScoreCap | null {
  // A person the pose model sees (turned away, far off) is not "a photo without you".
  if (f.faces.count === 0 && !bodySeen(f)) {
    return {
      limit: SEVERE_CAPS.noPerson,
      code: "no_person",
      reason: `We can't see you in this photo, so it scores at most ${SEVERE_CAPS.noPerson} and goes after every photo of you.`,
    };
  }
  const light = detailed.lighting.score;
  if (light !== null && light < SEVERE_LIGHTING) {
    const how = f.exposure.meanLuminance < 0.5 ? "too dark" : "too bright";
    return {
      limit: SEVERE_CAPS.poorLight,
      code: "poor_light",
      reason: `Lighting ${light}/100: the photo is ${how} to see you well, so it scores at most ${SEVERE_CAPS.poorLight}.`,
    };
  }
  if (f.defects.includes("blurry")) {
    return { limit: SEVERE_CAPS.outOfFocus, code: "out_of_focus", reason: `Your face is out of focus, so the photo scores at most ${SEVERE_CAPS.outOfFocus}.` };
  }
  return null;
}

export function scorePhoto(f: PhotoFeatures, judgement?: VisionJudgement | null): PhotoScore {
  const suggestions: Suggestion[] = [];
  const detailed: Record<DetailKey, Detail> = {
    technicalQuality: technicalQuality(f, suggestions),
    lighting: lighting(f, suggestions),
    composition: composition(f, suggestions),
    faceVisibility: faceVisibility(f, suggestions),
    ...visionDetails(judgement, suggestions),
  };
  Object.assign(detailed, localFaceDetails(f, suggestions));
  // Without the model's judgement, impression and style come from the measurements.
  if (!judgement) {
    detailed.impression = localImpression(f, detailed) ?? detailed.impression;
    detailed.styleAndSetting = localStyle(f, suggestions);
  }
  let sum = 0;
  let weight = 0;
  for (const key of Object.keys(WEIGHTS) as DetailKey[]) {
    const s = detailed[key].score;
    if (s === null) continue;
    sum += s * WEIGHTS[key];
    weight += WEIGHTS[key];
  }
  const impactOrder = { high: 0, medium: 1, low: 2 };
  suggestions.sort((a, b) => impactOrder[a.impact] - impactOrder[b.impact]);
  const p = f.faces.primary;
  const photoType = judgement?.photoType ?? localPhotoType(f);
  const cap = severeDefectCap(f, detailed);
  const weighted = Math.round(sum / weight);
  return {
    overall: cap ? Math.min(cap.limit, weighted) : weighted,
    cap,
    detailed,
    suggestions,
    photoType,
    photoTypeSource: judgement ? "vision" : "local",
    clearSoloFace: f.faces.count === 1 && !!p && p.widthFraction >= T.faceTooSmall.maxWidthFraction && !cap && !judgement?.sunglasses && !primaryFace(f)?.attributes?.sunglasses,
    judgedBy: judgement ? "local+vision" : "local",
  };
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
