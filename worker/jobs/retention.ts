// Retention, run by the cron trigger. Safe to run twice: every step is a delete of rows already
// past their deadline.
import { and, isNotNull, lt, or, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { refreshTokens, sessions } from "../db/schema";

/** Refresh tokens past expiry, and sessions revoked or idle for longer than a token lives. */
export async function purgeExpiredSessions(db: Database, idleDays = 90) {
  const tokens = await db.delete(refreshTokens).where(lt(refreshTokens.expiresAt, sql`now()`)).returning({ id: refreshTokens.id });
  const dead = await db
    .delete(sessions)
    .where(
      or(
        and(isNotNull(sessions.revokedAt), lt(sessions.revokedAt, sql`now() - interval '1 day'`)),
        lt(sessions.lastUsedAt, sql`now() - make_interval(days => ${idleDays})`),
      ),
    )
    .returning({ id: sessions.id });
  return { refreshTokens: tokens.length, sessions: dead.length };
}
