// Keyset pagination, newest first, over (created_at, id): stable under inserts, no OFFSET scans.
import { and, eq, lt, or, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";

export interface PageCursor {
  t: string;
  id: string;
}

/** Rows strictly after the cursor in (created_at desc, id desc) order. */
export function olderThan(createdAt: PgColumn, id: PgColumn, cursor: PageCursor | undefined): SQL | undefined {
  if (!cursor) return undefined;
  const t = new Date(cursor.t);
  return or(lt(createdAt, t), and(eq(createdAt, t), lt(id, cursor.id)));
}

/** The page and the cursor of its last row, from a query that fetched `limit + 1` rows. */
export function pageOf<T extends { createdAt: Date; id: string }>(rows: T[], limit: number): { items: T[]; next: PageCursor | undefined } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, next: rows.length > limit && last ? { t: last.createdAt.toISOString(), id: last.id } : undefined };
}
