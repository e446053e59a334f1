// Retention, run daily by the cron trigger. Photos, analyses and generated headshots expire
// after 30 days (seed); selfies are biometric data and go with them. Every step deletes only
// what is already past its deadline, objects before rows, so running it twice (or after a
// crash half-way) is safe.
import { and, inArray, isNotNull, lt, or, sql } from "drizzle-orm";
import type { Env } from "../env";
import { generationRoom } from "../headshots/room";
import type { Database } from "../db/client";
import { analysisRuns, authTokens, photoAnalyses, photoGenerations, photos, refreshTokens, securityEvents, sessions } from "../db/schema";

const BATCH = 500;

/** Refresh tokens past expiry, and sessions revoked or idle for longer than a token lives. */
export async function purgeExpiredSessions(db: Database, idleDays = 90) {
  const tokens = await db.delete(refreshTokens).where(lt(refreshTokens.expiresAt, sql`now()`)).returning({ id: refreshTokens.id });
  const dead = await db
    .delete(sessions)
    .where(or(and(isNotNull(sessions.revokedAt), lt(sessions.revokedAt, sql`now() - interval '1 day'`)), lt(sessions.lastUsedAt, sql`now() - make_interval(days => ${idleDays})`)))
    .returning({ id: sessions.id });
  return { refreshTokens: tokens.length, sessions: dead.length };
}

/** Email tokens (verification, reset) a day past expiry; security events older than a year. */
export async function purgeAccountRecords(db: Database, securityEventDays = 365) {
  const tokens = await db.delete(authTokens).where(lt(authTokens.expiresAt, sql`now() - interval '1 day'`)).returning({ id: authTokens.id });
  const events = await db
    .delete(securityEvents)
    .where(lt(securityEvents.createdAt, sql`now() - make_interval(days => ${securityEventDays})`))
    .returning({ id: securityEvents.id });
  return { authTokens: tokens.length, securityEvents: events.length };
}

async function purgeExpiredPhotos(db: Database, env: Env): Promise<number> {
  let total = 0;
  for (;;) {
    const batch = await db.select({ id: photos.id, key: photos.r2Key, thumb: photos.thumbnailKey }).from(photos).where(lt(photos.expiresAt, sql`now()`)).limit(BATCH);
    if (!batch.length) return total;
    const keys = batch.flatMap((p) => [p.key, ...(p.thumb ? [p.thumb] : [])]);
    for (let i = 0; i < keys.length; i += 1000) await env.PHOTOS.delete(keys.slice(i, i + 1000));
    await db.delete(photos).where(
      inArray(
        photos.id,
        batch.map((p) => p.id),
      ),
    );
    total += batch.length;
  }
}

async function purgeExpiredGenerations(db: Database, env: Env): Promise<number> {
  let total = 0;
  for (;;) {
    const batch = await db
      .select({ id: photoGenerations.id, outputs: photoGenerations.outputs })
      .from(photoGenerations)
      .where(lt(photoGenerations.expiresAt, sql`now()`))
      .limit(BATCH);
    if (!batch.length) return total;
    const keys = batch.flatMap((g) => (g.outputs ?? []).flatMap((o) => [o.key, o.thumbnailKey]));
    for (let i = 0; i < keys.length; i += 1000) await env.PHOTOS.delete(keys.slice(i, i + 1000));
    await db.delete(photoGenerations).where(
      inArray(
        photoGenerations.id,
        batch.map((g) => g.id),
      ),
    );
    for (const g of batch) await generationRoom(env, g.id).erase();
    total += batch.length;
  }
}

export async function runRetention(db: Database, env: Env) {
  const sessionsPurged = await purgeExpiredSessions(db);
  const accountRecords = await purgeAccountRecords(db);
  const photosPurged = await purgeExpiredPhotos(db, env);
  const analyses = await db.delete(photoAnalyses).where(lt(photoAnalyses.expiresAt, sql`now()`)).returning({ id: photoAnalyses.id });
  const runs = await db.delete(analysisRuns).where(lt(analysisRuns.expiresAt, sql`now()`)).returning({ id: analysisRuns.id });
  const generations = await purgeExpiredGenerations(db, env);
  return { ...sessionsPurged, ...accountRecords, photos: photosPurged, photoAnalyses: analyses.length, analysisRuns: runs.length, generations };
}
