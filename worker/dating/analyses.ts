// A dating photo analysis run: 1-9 photos scored (local measurements, plus the vision model's
// judgement when one is configured), stored per photo in photo_analyses, and the set
// recommendation per platform stored on the run. Paid through billing/spend.ts: credits are
// reserved first, committed when everything is stored, released on any failure (no credit is
// taken for failed work), and a replayed Idempotency-Key answers with the stored run.
import { and, eq, inArray } from "drizzle-orm";
import { byCreatedAt, newestFirst, pageOf } from "../db/pagination";
import type { Env } from "../env";
import type { ServiceContext } from "../context";
import { isUniqueViolation, type Database } from "../db/client";
import { analysisRuns, photoAnalyses, photos } from "../db/schema";
import { ApiError } from "../errors";
import type { Logger } from "../log";
import { analyzePhoto } from "../imaging/analyze";
import { photoFeaturesSchema, type PhotoFeatures } from "../imaging/features";
import { detectDefects, THRESHOLDS_VERSION } from "../imaging/thresholds";
import { creditCosts } from "../domain/catalogue";
import { scorePhoto } from "../domain/photo-scoring";
import { platforms, rankPersonFirst, recommendSet, type Platform, type SetRecommendation } from "../domain/photo-set";
import type { VisionJudgement, VisionStatus } from "../domain/photo-judgement";
import { spend } from "../billing/spend";
import type { Reservation } from "../../durable-objects/user-account";
import { photoJudge, type PhotoJudge } from "../providers/vision";
import { recordEvent } from "../analytics/events";
import { visionOf } from "../imaging/vision";
import { sceneDetection } from "../imaging/objects";
import { setFacesOf } from "./set-faces";
import { findUser, type SetFace, type UserInPhoto } from "../domain/set-identity";

/**
 * Who the user is across the set (domain/set-identity.ts), from each photo's face embeddings:
 * stored with its features at upload (dating/set-faces.ts), or for older photos made now from the
 * file. If that fails (the vision Worker or the file), nobody is identified (every photo
 * "unknown") and the analysis goes on: identity refines the order, it does not gate it.
 */
async function identifyUser(env: Env, items: { photo: PhotoRow; features: PhotoFeatures }[], log: Logger): Promise<UserInPhoto[] | null> {
  const vision = visionOf(env);
  try {
    const sets: SetFace[][] = [];
    for (const { photo, features } of items) {
      sets.push(
        await setFacesOf(vision, features, async () => {
          const object = await env.PHOTOS.get(photo.r2Key);
          if (!object) throw new Error("photo file missing");
          return new Uint8Array(await object.arrayBuffer());
        }),
      );
    }
    return findUser(sets).photos;
  } catch (err) {
    log.warn("identity across the set failed; no user identified", { message: err instanceof Error ? err.message : String(err) });
    return null;
  }
}

/** Photos analysed at once: the vision calls are the slow part, and the model is rate-limited. */
const CONCURRENCY = 3;

type PhotoRow = typeof photos.$inferSelect;
type RunRow = typeof analysisRuns.$inferSelect;
type AnalysisRow = typeof photoAnalyses.$inferSelect;

async function mapBounded<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  });
  await Promise.all(workers);
  return results;
}

/** Features measured at upload; photos from before that (or damaged jsonb) are measured now.
 * Defects flagged under older thresholds are judged again: the measurements have not changed. */
async function featuresOf({ env, log }: Pick<ServiceContext, "env" | "log">, photo: PhotoRow): Promise<PhotoFeatures> {
  const stored = photoFeaturesSchema.safeParse(photo.features);
  if (stored.success) {
    const f = stored.data;
    return f.thresholdsVersion === THRESHOLDS_VERSION ? f : { ...f, defects: detectDefects(f), thresholdsVersion: THRESHOLDS_VERSION };
  }
  const object = await env.PHOTOS.get(photo.r2Key);
  if (!object) throw new ApiError("not_found", "A photo's file is missing; delete it and upload it again.");
  return analyzePhoto(new Uint8Array(await object.arrayBuffer()), sceneDetection(env, log));
}

async function judgeOne(
  env: Env,
  judge: PhotoJudge | null,
  photo: PhotoRow,
  features: PhotoFeatures,
  log: Logger,
): Promise<{ judgement: VisionJudgement | null; vision: VisionStatus }> {
  if (!judge) return { judgement: null, vision: { status: "not_configured", provider: null } };
  try {
    const small = await env.PHOTOS.get(photo.thumbnailKey ?? photo.r2Key);
    if (!small) throw new Error("thumbnail missing");
    const judgement = await judge.judge({ jpeg: new Uint8Array(await small.arrayBuffer()), features });
    return { judgement, vision: { status: "judged", provider: judge.name } };
  } catch (err) {
    log.warn("vision judgement failed; local-only for this photo", { photoId: photo.id, message: err instanceof Error ? err.message : String(err) });
    return {
      judgement: null,
      vision: { status: "failed", provider: judge.name, reason: "The vision model did not answer usefully; these scores are from local measurements only." },
    };
  }
}

export interface StartAnalysis {
  photoIds: string[];
  platform?: Platform;
  idempotencyKey: string;
}

export async function runAnalysis(s: ServiceContext, userId: string, req: StartAnalysis): Promise<{ run: RunRow; rows: AnalysisRow[] }> {
  const { config } = s;
  const db = s.db();
  const unique = [...new Set(req.photoIds)];
  const owned = await db
    .select()
    .from(photos)
    .where(and(eq(photos.userId, userId), inArray(photos.id, unique)));
  if (owned.length !== unique.length) throw new ApiError("not_found", "One or more photos do not exist.");
  const ordered = unique.map((id) => owned.find((p) => p.id === id)!);

  const judge = photoJudge(config);
  /** The run stored with a reservation, if any: a replay answers with it, charged once. */
  const storedRun = async (reservation: Reservation) => {
    const [run] = await db.select().from(analysisRuns).where(eq(analysisRuns.reservationId, reservation.id));
    return run ? { run, rows: await db.select().from(photoAnalyses).where(eq(photoAnalyses.runId, run.id)), created: false } : null;
  };
  const spent = await spend(
    s,
    { userId, amount: creditCosts.photoAnalysis, key: `analysis:${req.idempotencyKey}`, ttlSeconds: 600 },
    async (reservation) => {
      const replayed = await storedRun(reservation);
      if (replayed) return replayed;
      try {
        return { ...(await analyseAndStore(s, userId, req, ordered, judge, reservation.id)), created: true };
      } catch (err) {
        // A concurrent retry with the same key stored the run first: answer with it, keep its charge.
        if (!isUniqueViolation(err, "analysis_runs_reservation_id_key")) throw err;
        return (await storedRun(reservation))!;
      }
    },
    { replay: storedRun },
  );
  const { run, rows } = spent;
  if (spent.created) {
    await recordEvent(db, { userId, type: "analysis_completed", properties: { runId: run.id, photos: rows.length, provider: run.provider } }).catch(() => {});
  }
  return { run, rows };
}

/** The paid work: measure and judge every photo, find the user across the set, store the run. */
async function analyseAndStore(
  s: ServiceContext,
  userId: string,
  req: StartAnalysis,
  ordered: PhotoRow[],
  judge: PhotoJudge | null,
  reservationId: string,
): Promise<{ run: RunRow; rows: AnalysisRow[] }> {
  const { env, log } = s;
  const db = s.db();
  const measured = await mapBounded(ordered, CONCURRENCY, async (photo) => {
    const features = await featuresOf(s, photo);
    const { judgement, vision } = await judgeOne(env, judge, photo, features, log);
    return { id: photo.id, sha256: photo.sha256, fingerprint: features.fingerprint, photo, features, judgement, vision, score: scorePhoto(features, judgement) };
  });
  const identity = await identifyUser(env, measured, log);
  const withUser = measured.map((m, i) => ({
    ...m,
    user: identity?.[i]?.presence ?? ("unknown" as const),
    userInPhoto: identity?.[i] ?? { presence: "unknown" as const, faceIndex: null, position: null, message: null },
  }));
  // Scores are final only within the set: a photo without you stays below every photo of you.
  const scored = rankPersonFirst(withUser);
  const recommendation: Partial<Record<Platform, SetRecommendation>> = {};
  for (const p of req.platform ? [req.platform] : platforms) recommendation[p] = recommendSet(scored, p);
  const judgedAny = scored.some((s) => s.vision.status === "judged");
  return db.transaction(async (tx) => {
    const [run] = await tx
      .insert(analysisRuns)
      .values({
        userId,
        platform: req.platform ?? null,
        status: "completed",
        provider: judgedAny ? `local+${judge!.name}` : "local",
        recommendation,
        reservationId,
      })
      .returning();
    const rows = await tx
      .insert(photoAnalyses)
      .values(
        scored.map((s) => ({
          userId,
          runId: run!.id,
          photoId: s.photo.id,
          photoKey: s.photo.r2Key,
          overallScore: s.score.overall,
          detailedScores: s.score.detailed,
          platformOptimization: Object.fromEntries(
            Object.entries(recommendation).map(([p, r]) => [
              p,
              { position: r!.order.indexOf(s.photo.id) + 1 || null, lead: r!.lead === s.photo.id, dropped: r!.drop.find((d) => d.id === s.photo.id)?.reason ?? null },
            ]),
          ),
          improvementSuggestions: s.score.suggestions,
          aiInsights: {
            vision: s.vision,
            judgement: s.judgement,
            photoType: s.score.photoType,
            photoTypeSource: s.score.photoTypeSource,
            clearSoloFace: s.score.clearSoloFace,
            faceCount: s.features.faces.count,
            user: s.userInPhoto,
            defects: s.features.defects,
            scoreCap: s.score.cap,
            objects: s.features.objects?.items.map((o) => ({ label: o.label, category: o.category, score: o.score })) ?? null,
          },
          analysisStatus: "completed" as const,
        })),
      )
      .returning();
    return { run: run!, rows };
  });
}

export async function getRun(db: Database, userId: string, id: string) {
  const [run] = await db
    .select()
    .from(analysisRuns)
    .where(and(eq(analysisRuns.id, id), eq(analysisRuns.userId, userId)));
  if (!run) throw new ApiError("not_found", "No such analysis.");
  const rows = await db.select().from(photoAnalyses).where(eq(photoAnalyses.runId, run.id));
  return { run, rows };
}

export async function listRuns(db: Database, userId: string, limit: number, cursor?: string) {
  const t = analysisRuns;
  const order = newestFirst(t.createdAt, t.id, cursor);
  const runs = await db
    .select()
    .from(t)
    .where(and(eq(t.userId, userId), order.where))
    .orderBy(...order.orderBy)
    .limit(limit + 1);
  const page = pageOf(runs, limit, byCreatedAt);
  const rows = page.items.length
    ? await db
        .select()
        .from(photoAnalyses)
        .where(
          inArray(
            photoAnalyses.runId,
            page.items.map((r) => r.id),
          ),
        )
    : [];
  return { items: page.items.map((run) => ({ run, rows: rows.filter((r) => r.runId === run.id) })), next: page.next };
}
