// The readiness check's one statement (GET /health): it proves the database answers and says
// which migrations drizzle has applied, so a deploy ahead of its migrations shows as degraded.
import { sql } from "drizzle-orm";
import type { Database } from "./client";

export interface MigrationState {
  /** How many migrations are applied. */
  applied: number;
  /** The journal timestamp (`when`) of the newest applied one, as text; null when none is. */
  latest: string | null;
}

export async function ping(db: Database): Promise<MigrationState> {
  const result = await db.execute<{ applied: number; latest: string | null }>(
    sql`select count(*)::int as applied, max(created_at)::text as latest from drizzle.__drizzle_migrations`,
  );
  return result.rows[0]!;
}
