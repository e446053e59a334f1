// The A/B insights of one user: their profile versions and the metrics recorded against them,
// loaded from Postgres and handed to the pure insights (domain/dating-insights.ts).
import type { Queryable } from "../db/client";
import type { DatingPlatform } from "../domain/platforms";
import { buildInsights } from "../domain/dating-insights";
import { listProfileVersions, metricsForVersions } from "../analytics/dating-store";

export async function loadInsights(db: Queryable, userId: string, platform?: DatingPlatform) {
  const versions = await listProfileVersions(db, userId, platform);
  const rows = await metricsForVersions(
    db,
    userId,
    versions.map((v) => v.id),
  );
  return buildInsights(
    versions,
    rows.map((r) => ({
      versionId: r.profileVersionId!,
      start: r.periodStart!,
      end: r.periodEnd!,
      matches: r.matchesCount,
      conversations: r.conversationsCount,
      dates: r.datesCount,
    })),
  );
}
