// What the analysis screen shows, worked out from the API's answer without any React: the eight
// scores in words, the fixes worth most first, and the marks on each photo's thumbnail.
import type { FixImpact, PhotoAnalysis, PhotoFix, PhotoSetRecommendation, ScoreDimension, ScoreSource } from "../../../api/types";
import { dimensionLabels, notMeasuredWhy, sourceLabels, type PhotoBadge } from "../../../ui/labels";

export interface DimensionRow {
  dimension: ScoreDimension;
  name: string;
  explains: string;
  /** Null: not measured on this photo; `reason` then says why. */
  score: number | null;
  reason: string;
  source: string;
}

export function dimensionRows(a: PhotoAnalysis): DimensionRow[] {
  return (Object.keys(dimensionLabels) as ScoreDimension[]).map((dimension) => {
    const d = a.detailedScores[dimension];
    const source: ScoreSource = d?.source ?? "vision";
    // The vision model's missing scores all share one cause: say it once per photo, in words.
    const reason = d?.score == null && source === "vision" ? notMeasuredWhy[a.vision.status] : (d?.reason ?? notMeasuredWhy[a.vision.status]);
    return { dimension, ...dimensionLabels[dimension], score: d?.score ?? null, reason, source: sourceLabels[source] };
  });
}

const impactRank: Record<FixImpact, number> = { high: 0, medium: 1, low: 2 };

/** The fixes that would help most first (the API's order kept within one impact). */
export function fixesByImpact(fixes: readonly PhotoFix[]): PhotoFix[] {
  return [...fixes].sort((x, y) => impactRank[x.impact] - impactRank[y.impact]);
}

export function badgesFor(a: PhotoAnalysis, rec: PhotoSetRecommendation | undefined): PhotoBadge[] {
  const badges: PhotoBadge[] = [];
  if (rec && a.photoId && rec.lead === a.photoId) badges.push("lead");
  if (rec?.drop.some((d) => d.id === a.photoId)) badges.push("drop");
  if (a.photoType === "group") badges.push("group");
  if (a.photoType === "no_person" || a.defects.includes("no_face")) badges.push("noFace");
  if (a.scoreCap) badges.push("capped");
  return badges;
}
