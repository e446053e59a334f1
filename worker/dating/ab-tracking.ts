// A/B tracking of dating profiles: recording a profile version (the photos and bio that were live
// on a platform, from when) and the matches, conversations and dates counted for it per period.
// The rules (documented in routes/dating-metrics.ts) are applied here; the SQL is
// analytics/dating-store.ts.
import type { ServiceContext } from "../context";
import { ApiError } from "../errors";
import { fitsPlatform, platformLimits, type DatingPlatform } from "../domain/platforms";
import { countOwnPhotos, findBio, insertProfileVersion, recordMetrics, type MetricRow, type MetricsInput, type ProfileVersionRow } from "../analytics/dating-store";

export interface NewProfileVersion {
  label: string;
  platform: DatingPlatform;
  photoIds: string[];
  /** One of the user's generated bios, or the text itself. */
  bioId?: string;
  bioText?: string;
  liveFrom: string;
  liveTo?: string | null;
}

export const versionWarnings = ["bio_over_platform_limit"] as const;
export type VersionWarning = (typeof versionWarnings)[number];

/** Stores a version of the user's own photos and bio; a bio over the platform's limit is kept, with a warning. */
export async function createProfileVersion(s: ServiceContext, userId: string, req: NewProfileVersion): Promise<{ version: ProfileVersionRow; warnings: VersionWarning[] }> {
  const db = s.db();
  if ((await countOwnPhotos(db, userId, req.photoIds)) !== req.photoIds.length) throw new ApiError("not_found", "One or more photos do not exist.");
  let bioText = req.bioText ?? null;
  if (req.bioId) {
    const bio = await findBio(db, userId, req.bioId);
    if (!bio) throw new ApiError("not_found", "No such bio.");
    bioText = bio.bioText;
  }
  // Hinge profiles hold several prompt answers, so only the single-bio platforms are checked.
  const warnings: VersionWarning[] = bioText && platformLimits[req.platform].kind === "bio" && !fitsPlatform(bioText, req.platform) ? ["bio_over_platform_limit"] : [];
  const version = await insertProfileVersion(db, {
    userId,
    label: req.label,
    platform: req.platform,
    photoIds: req.photoIds,
    bioId: req.bioId ?? null,
    bioText,
    liveFrom: req.liveFrom,
    liveTo: req.liveTo ?? null,
  });
  return { version, warnings };
}

export type PeriodCounts = Omit<MetricsInput, "userId">;

export const metricWarnings = ["more_dates_than_conversations", "period_outside_live_window"] as const;
export type MetricWarning = (typeof metricWarnings)[number];

/** Records one period's counts for a version of the user's; overlapping periods are refused unless marked additional. */
export async function recordPeriod(s: ServiceContext, userId: string, req: PeriodCounts): Promise<{ metrics: MetricRow; warnings: MetricWarning[] }> {
  const result = await recordMetrics(s.db(), { userId, ...req });
  switch (result.kind) {
    case "version_not_found":
      throw new ApiError("not_found", "No such profile version.");
    case "platform_mismatch":
      throw new ApiError("validation_failed", `This profile version is on ${result.version.platform}.`, {
        errors: [{ path: "platform", message: `must be ${result.version.platform}, the version's platform` }],
      });
    case "overlap":
      throw new ApiError(
        "metrics_period_overlap",
        `Already recorded: ${result.periods.map((p) => `${p.periodStart}..${p.periodEnd}`).join(", ")}. Send allowOverlap: true if these counts are additional.`,
      );
    case "created": {
      const warnings: MetricWarning[] = [];
      if (req.dates > req.conversations) warnings.push("more_dates_than_conversations");
      const v = result.version;
      if (req.periodStart < v.liveFrom || (v.liveTo !== null && req.periodEnd > v.liveTo)) warnings.push("period_outside_live_window");
      return { metrics: result.row, warnings };
    }
  }
}
