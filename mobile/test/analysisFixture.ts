// Analyses as the API answers them on a server without the AI vision model (provider `local`):
// the four pixel-measured scores filled in, the four the vision model gives left null with the
// server's own reason.
import type { AnalysisRun, DimensionScore, Photo, PhotoAnalysis, ScoreDimension } from "../src/api/types";

/** An uploaded dating photo as GET /v1/photos lists it; `over` replaces some fields. */
export const datingPhoto = (id: string, over: Partial<Photo> = {}): Photo => ({
  id,
  purpose: "dating",
  width: 2048,
  height: 1536,
  bytes: 400_000,
  url: `https://api.example/v1/files?key=${id}`,
  thumbnailUrl: `https://api.example/v1/files?key=${id}-thumb`,
  moderation: "unmoderated",
  checks: { faceCount: 1, defects: [], selfieProblems: [], selfieAdvice: [] },
  createdAt: "2026-11-20T10:00:00.000Z",
  expiresAt: "2026-12-20T10:00:00.000Z",
  ...over,
});

const notJudged = (what: string): DimensionScore => ({ score: null, reason: `${what} needs the vision model, which did not judge this photo.`, source: "vision" });

/** All eight scores of a photo scored locally; `over` replaces some. */
export function localScores(over: Partial<Record<ScoreDimension, DimensionScore>> = {}): PhotoAnalysis["detailedScores"] {
  return {
    technicalQuality: { score: 78, reason: "Sharp, clean, 3.1 MP.", source: "local" },
    lighting: { score: 82, reason: "Even light on the face, nothing clipped.", source: "local" },
    composition: { score: 70, reason: "Your face fills 31% of the frame width, head straight.", source: "local" },
    faceVisibility: { score: 90, reason: "One face, 31% of the frame width.", source: "local" },
    expression: notJudged("Expression"),
    eyeContact: notJudged("Eye contact"),
    impression: notJudged("Impression"),
    styleAndSetting: notJudged("Style and setting"),
    ...over,
  };
}

export function photoAnalysis(runId: string, photoId: string, over: Partial<PhotoAnalysis> = {}): PhotoAnalysis {
  return {
    analysisId: runId,
    photoId,
    overallScore: 80,
    detailedScores: localScores(),
    suggestions: [],
    photoType: "close_up",
    photoTypeSource: "local",
    clearSoloFace: true,
    faceCount: 1,
    user: { presence: "solo", faceIndex: 0, position: null, message: null },
    scoreCap: null,
    defects: [],
    objects: null,
    vision: { status: "not_configured", provider: null },
    platformOptimization: {},
    ...over,
  };
}

export const RUN = "22222222-0000-4000-8000-000000000009";
export const SOLO = "11111111-0000-4000-8000-00000000000a";
export const GROUP = "11111111-0000-4000-8000-00000000000b";
export const DARK = "11111111-0000-4000-8000-00000000000c";

/** Three photos: a good solo close-up, a group photo, and one held down by poor light. */
export const localRun: AnalysisRun = {
  id: RUN,
  status: "completed",
  provider: "local",
  platform: null,
  photos: [
    photoAnalysis(RUN, SOLO, {
      overallScore: 81,
      suggestions: [{ code: "head_tilted", message: "Your head is tilted 12°: straighten up a little (a slight tilt is fine).", impact: "low", source: "local" }],
    }),
    photoAnalysis(RUN, GROUP, {
      overallScore: 58,
      photoType: "group",
      clearSoloFace: false,
      defects: ["multiple_faces"],
      detailedScores: localScores({ faceVisibility: { score: 45, reason: "3 faces: it is not clear which one is you.", source: "local" } }),
      suggestions: [
        { code: "low_contrast", message: "Flat and washed out: move out of haze or backlight, or add a little contrast when editing.", impact: "low", source: "local" },
        { code: "multiple_faces", message: "3 faces: make it obvious which one is you, and use at most one group photo.", impact: "medium", source: "local" },
        { code: "face_too_small", message: "Your face fills 9% of the frame width: crop closer so it fills about a third.", impact: "high", source: "local" },
        { code: "noisy", message: "Grainy (noise level 7.2): it was shot in low light. More light beats night mode.", impact: "medium", source: "local" },
      ],
    }),
    photoAnalysis(RUN, DARK, {
      overallScore: 45,
      scoreCap: { limit: 45, code: "poor_light", reason: "Lighting 22/100: the photo is too dark to see you well, so it scores at most 45." },
      defects: ["too_dark", "noisy"],
      detailedScores: localScores({ lighting: { score: 22, reason: "Underexposed, average brightness 18%.", source: "local" } }),
      suggestions: [
        {
          code: "too_dark",
          message: "Underexposed (average brightness 18%): shoot facing a window or in open shade, not with the light behind you.",
          impact: "high",
          source: "local",
        },
      ],
    }),
  ],
  recommendation: {
    tinder: {
      platform: "tinder",
      order: [SOLO, GROUP],
      lead: SOLO,
      drop: [{ id: DARK, code: "low_score", reason: "Too dark to see you: it would pull the set down." }],
      missing: [
        { code: "no_full_body", message: "Add a full-body photo: it answers the question every match asks." },
        { code: "need_more_photos", message: "Tinder needs 4 photos: add 2 more." },
      ],
    },
    bumble: { platform: "bumble", order: [SOLO, GROUP, DARK], lead: SOLO, drop: [], missing: [{ code: "no_full_body", message: "Add a full-body photo." }] },
    hinge: {
      platform: "hinge",
      order: [SOLO, GROUP],
      lead: SOLO,
      drop: [{ id: DARK, code: "near_copy", reason: "Nearly the same as photo 1 (81/100), which stays: two of one shot waste a slot." }],
      missing: [{ code: "need_more_photos", message: "Hinge needs 6 photos: add 4 more." }],
    },
  },
  createdAt: "2026-11-20T10:00:00.000Z",
  expiresAt: "2026-12-20T10:00:00.000Z",
};
