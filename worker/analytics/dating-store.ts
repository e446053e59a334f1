// Dating Profile Optimizer persistence: generated bios, profile versions (what was live, where,
// when) and the success metrics recorded against them. Every query is scoped to one user: a
// row of someone else's is indistinguishable from a row that does not exist.
import { and, count, desc, eq, gte, inArray, isNotNull, lte, sql } from "drizzle-orm";
import type { Queryable, Database } from "../db/client";
import { generatedBios, photos, profileVersions, successMetrics, type BioSetData, type StoredBioReview } from "../db/schema";
import type { DatingPlatform } from "../domain/platforms";
import { byCreatedAt, newestFirst, pageOf } from "../db/pagination";

export type BioRow = typeof generatedBios.$inferSelect;
export type ProfileVersionRow = typeof profileVersions.$inferSelect;
export type MetricRow = typeof successMetrics.$inferSelect;

// --- bios -----------------------------------------------------------------------------------

export async function insertBios(db: Queryable, rows: (typeof generatedBios.$inferInsert)[]): Promise<BioRow[]> {
  return db.insert(generatedBios).values(rows).returning();
}

export async function findBio(db: Queryable, userId: string, id: string): Promise<BioRow | undefined> {
  const [row] = await db
    .select()
    .from(generatedBios)
    .where(and(eq(generatedBios.id, id), eq(generatedBios.userId, userId)));
  return row;
}

export async function recentBios(db: Queryable, userId: string, limit: number): Promise<BioRow[]> {
  return db.select().from(generatedBios).where(eq(generatedBios.userId, userId)).orderBy(desc(generatedBios.createdAt), desc(generatedBios.id)).limit(limit);
}

/** GET /v1/dating/bios: a page of the user's bios, newest first. */
export async function listBios(db: Queryable, userId: string, limit: number, cursor?: string) {
  const order = newestFirst(generatedBios.createdAt, generatedBios.id, cursor);
  const rows = await db
    .select()
    .from(generatedBios)
    .where(and(eq(generatedBios.userId, userId), order.where))
    .orderBy(...order.orderBy)
    .limit(limit + 1);
  return pageOf(rows, limit, byCreatedAt);
}

/** The bios of one generated set (`a_b_test_data.batchId`), oldest variant first; `forUpdate` locks them. */
export async function bioSet(db: Queryable, userId: string, setId: string, forUpdate = false): Promise<BioRow[]> {
  const query = db
    .select()
    .from(generatedBios)
    .where(and(eq(generatedBios.userId, userId), sql`${generatedBios.abTestData}->>'batchId' = ${setId}`))
    .orderBy(sql`(${generatedBios.abTestData}->>'variant')::int`);
  return forUpdate ? query.for("update") : query;
}

/** Replaces one bio's text and analysis, and merges `abTestData` into its stored A/B data. */
export async function updateBio(
  db: Queryable,
  userId: string,
  id: string,
  change: { bioText: string; psychologyAnalysis: StoredBioReview; abTestData: Partial<BioSetData> },
): Promise<BioRow | undefined> {
  const [row] = await db
    .update(generatedBios)
    .set({ bioText: change.bioText, psychologyAnalysis: change.psychologyAnalysis, abTestData: sql`${generatedBios.abTestData} || ${JSON.stringify(change.abTestData)}::jsonb` })
    .where(and(eq(generatedBios.id, id), eq(generatedBios.userId, userId)))
    .returning();
  return row;
}

/** Merges `data` into the stored A/B data of every bio of a set (set-wide counters). */
export async function mergeSetData(db: Queryable, userId: string, setId: string, data: Partial<BioSetData>): Promise<void> {
  await db
    .update(generatedBios)
    .set({ abTestData: sql`${generatedBios.abTestData} || ${JSON.stringify(data)}::jsonb` })
    .where(and(eq(generatedBios.userId, userId), sql`${generatedBios.abTestData}->>'batchId' = ${setId}`));
}

export async function countBios(db: Queryable, userId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(generatedBios).where(eq(generatedBios.userId, userId));
  return row?.n ?? 0;
}

// --- profile versions -----------------------------------------------------------------------

/** How many of `ids` are photos of this user (to refuse someone else's photo ids). */
export async function countOwnPhotos(db: Queryable, userId: string, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const [row] = await db
    .select({ n: count() })
    .from(photos)
    .where(and(eq(photos.userId, userId), inArray(photos.id, ids)));
  return row?.n ?? 0;
}

export async function insertProfileVersion(db: Queryable, row: typeof profileVersions.$inferInsert): Promise<ProfileVersionRow> {
  const [created] = await db.insert(profileVersions).values(row).returning();
  return created!;
}

export async function listProfileVersions(db: Queryable, userId: string, platform?: DatingPlatform): Promise<ProfileVersionRow[]> {
  return db
    .select()
    .from(profileVersions)
    .where(and(eq(profileVersions.userId, userId), platform ? eq(profileVersions.platform, platform) : undefined))
    .orderBy(profileVersions.liveFrom, profileVersions.createdAt);
}

export async function findProfileVersion(db: Queryable, userId: string, id: string): Promise<ProfileVersionRow | undefined> {
  const [row] = await db
    .select()
    .from(profileVersions)
    .where(and(eq(profileVersions.id, id), eq(profileVersions.userId, userId)));
  return row;
}

// --- success metrics ------------------------------------------------------------------------

export interface MetricsInput {
  userId: string;
  profileVersionId: string;
  platform: DatingPlatform;
  periodStart: string;
  periodEnd: string;
  matches: number;
  conversations: number;
  dates: number;
  allowOverlap: boolean;
}

export type RecordMetricsResult =
  | { kind: "created"; row: MetricRow; version: ProfileVersionRow }
  | { kind: "version_not_found" }
  | { kind: "platform_mismatch"; version: ProfileVersionRow }
  | { kind: "overlap"; periods: { id: string; periodStart: string; periodEnd: string }[] };

/**
 * Inserts a period's counts. The version row is locked (FOR UPDATE) for the check-then-insert,
 * so two concurrent submissions for one version cannot both pass the overlap check.
 */
export async function recordMetrics(db: Database, input: MetricsInput): Promise<RecordMetricsResult> {
  return db.transaction(async (tx) => {
    const [version] = await tx
      .select()
      .from(profileVersions)
      .where(and(eq(profileVersions.id, input.profileVersionId), eq(profileVersions.userId, input.userId)))
      .for("update");
    if (!version) return { kind: "version_not_found" as const };
    if (version.platform !== input.platform) return { kind: "platform_mismatch" as const, version };
    if (!input.allowOverlap) {
      const overlapping = await tx
        .select({ id: successMetrics.id, periodStart: successMetrics.periodStart, periodEnd: successMetrics.periodEnd })
        .from(successMetrics)
        .where(
          and(
            eq(successMetrics.userId, input.userId),
            eq(successMetrics.profileVersionId, version.id),
            eq(successMetrics.platform, input.platform),
            lte(successMetrics.periodStart, input.periodEnd),
            gte(successMetrics.periodEnd, input.periodStart),
          ),
        )
        .orderBy(successMetrics.periodStart);
      if (overlapping.length > 0) {
        return { kind: "overlap" as const, periods: overlapping.map((p) => ({ id: p.id, periodStart: p.periodStart!, periodEnd: p.periodEnd! })) };
      }
    }
    const [row] = await tx
      .insert(successMetrics)
      .values({
        userId: input.userId,
        platform: input.platform,
        matchesCount: input.matches,
        conversationsCount: input.conversations,
        datesCount: input.dates,
        periodStart: input.periodStart,
        periodEnd: input.periodEnd,
        profileVersion: version.label,
        profileVersionId: version.id,
        bioId: version.bioId,
      })
      .returning();
    return { kind: "created" as const, row: row!, version };
  });
}

/** Newest period first (a date column: the key travels as its text). */
export async function listMetrics(
  db: Queryable,
  userId: string,
  filter: { profileVersionId?: string; platform?: DatingPlatform },
  limit: number,
  cursor?: string,
): Promise<{ items: MetricRow[]; next: string | null }> {
  const order = newestFirst(successMetrics.periodStart, successMetrics.id, cursor);
  const rows = await db
    .select()
    .from(successMetrics)
    .where(
      and(
        eq(successMetrics.userId, userId),
        isNotNull(successMetrics.periodStart),
        filter.profileVersionId ? eq(successMetrics.profileVersionId, filter.profileVersionId) : undefined,
        filter.platform ? eq(successMetrics.platform, filter.platform) : undefined,
        order.where,
      ),
    )
    .orderBy(...order.orderBy)
    .limit(limit + 1);
  // periodStart is never null here (filtered above); the column is nullable for older rows.
  return pageOf(rows, limit, (m) => ({ k: m.periodStart!, id: m.id }));
}

/** Every metric row attached to one of the user's versions (what insights are computed from). */
export async function metricsForVersions(db: Queryable, userId: string, versionIds: string[]): Promise<MetricRow[]> {
  if (versionIds.length === 0) return [];
  return db
    .select()
    .from(successMetrics)
    .where(and(eq(successMetrics.userId, userId), inArray(successMetrics.profileVersionId, versionIds)));
}
