// What the analysis screen shows, worked out from the API's answer without any React: the eight
// scores in words, the fixes worth most first, the marks on each photo's thumbnail, and the
// one-line summary of the whole set.
import type { AnalysisRun, DatingPlatform, FixImpact, PhotoAnalysis, PhotoFix, PhotoSetRecommendation, ScoreDimension, ScoreSource } from "../../../api/types";
import { dimensionLabels, notMeasuredWhy, platformLabels, sourceLabels, type PhotoBadge } from "../../../ui/labels";
import { plural } from "../../../ui/plural";

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
  const dropped = rec?.drop.find((d) => d.id === a.photoId);
  if (dropped) badges.push("drop");
  if (dropped?.code === "near_copy") badges.push("nearCopy");
  // Someone else in the photo (a face, but not the one that recurs across the set).
  if (a.user.presence === "absent" && a.faceCount > 0) badges.push("notYou");
  if (a.photoType === "group") badges.push("group");
  if (a.photoType === "no_person" || a.defects.includes("no_face")) badges.push("noFace");
  if (a.scoreCap) badges.push("capped");
  // A pet or another animal the scene detector found (with you or without).
  if (a.objects?.some((o) => o.category === "pet" || o.category === "animal")) badges.push("pet");
  return badges;
}

/** "A, B and C". */
const inWords = (items: string[]) => (items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`);

/**
 * The set at a glance, for the platform on screen: "3 photos · 1 lead · 1 to drop on Tinder ·
 * orders for Tinder, Bumble and Hinge". Platforms in the dictionary's order.
 */
export function setSummary(run: Pick<AnalysisRun, "photos" | "recommendation">, platform: DatingPlatform): string {
  const rec = run.recommendation[platform];
  const platforms = (Object.keys(platformLabels) as DatingPlatform[]).filter((p) => run.recommendation[p]);
  const parts = [plural(run.photos.length, "photo")];
  if (rec) {
    parts.push(rec.lead ? "1 lead" : "no clear lead");
    parts.push(rec.drop.length ? `${rec.drop.length} to drop on ${platformLabels[platform]}` : `nothing to drop on ${platformLabels[platform]}`);
  }
  if (platforms.length) parts.push(`${platforms.length === 1 ? "order" : "orders"} for ${inWords(platforms.map((p) => platformLabels[p]))}`);
  return parts.join(" · ");
}
