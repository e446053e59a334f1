// Keyset pagination, newest first, for every list: stable under inserts and ties in the sort key,
// no OFFSET scans. One cursor format: base64url JSON `{k, id}`, the last row's sort key (an ISO
// timestamp, a date or a number) and its id as the tie-breaker. Clients treat it as opaque; a
// cursor that does not decode to that shape is 400 `invalid_cursor`.
import { z } from "zod";
import { and, desc, eq, lt, or, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { ApiError } from "../errors";
import { fromBase64Url, toBase64Url, utf8 } from "../security/encoding";

const cursorSchema = z.strictObject({
  k: z.union([z.string().min(1).max(40), z.number().int()]),
  id: z.union([z.uuid(), z.number().int().positive()]),
});

export type PageCursor = z.infer<typeof cursorSchema>;

export const encodeCursor = (cursor: PageCursor): string => toBase64Url(utf8(JSON.stringify(cursor)));

export function decodeCursor(encoded: string): PageCursor {
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder().decode(fromBase64Url(encoded)));
  } catch {
    raw = undefined;
  }
  const parsed = cursorSchema.safeParse(raw);
  if (!parsed.success) throw new ApiError("invalid_cursor", "Pass back the `nextCursor` of the previous page unchanged, or leave it out for the first page.");
  return parsed.data;
}

/** What a cursor's key must be for the column it came from: a key edited into another type
 * would otherwise reach Postgres as a cast error (a 500) instead of a 400. */
function keyFor(column: PgColumn, value: string | number): Date | string | number {
  const invalid = () => new ApiError("invalid_cursor", "This cursor does not belong to this list.");
  switch (column.columnType) {
    case "PgTimestamp":
    case "PgTimestampString": {
      if (typeof value !== "string" || !z.iso.datetime().safeParse(value).success) throw invalid();
      return column.dataType === "date" ? new Date(value) : value;
    }
    case "PgDateString":
    case "PgDate":
      if (typeof value !== "string" || !z.iso.date().safeParse(value).success) throw invalid();
      return column.dataType === "date" ? new Date(value) : value;
    case "PgUUID":
      if (typeof value !== "string" || !z.uuid().safeParse(value).success) throw invalid();
      return value;
    default:
      if (typeof value !== "number") throw invalid();
      return value;
  }
}

/**
 * The where clause (rows strictly after `cursor` in (sortCol desc, idCol desc) order) and the
 * matching orderBy, from the opaque cursor of the previous page.
 */
export function newestFirst(sortCol: PgColumn, idCol: PgColumn, cursor: string | undefined): { where: SQL | undefined; orderBy: [SQL, SQL] } {
  const orderBy: [SQL, SQL] = [desc(sortCol), desc(idCol)];
  if (cursor === undefined) return { where: undefined, orderBy };
  const decoded = decodeCursor(cursor);
  const key = keyFor(sortCol, decoded.k);
  const id = keyFor(idCol, decoded.id);
  return { where: or(lt(sortCol, key), and(eq(sortCol, key), lt(idCol, id))), orderBy };
}

/** The cursor of a row sorted by its creation time (most lists). */
export const byCreatedAt = (row: { createdAt: Date; id: string }): PageCursor => ({ k: row.createdAt.toISOString(), id: row.id });

/** The page and the cursor after its last row, from a query that fetched `limit + 1` rows. */
export function pageOf<T>(rows: T[], limit: number, cursorOf: (row: T) => PageCursor): { items: T[]; next: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, next: rows.length > limit && last !== undefined ? encodeCursor(cursorOf(last)) : null };
}
