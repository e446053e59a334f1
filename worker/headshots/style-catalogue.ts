// The active headshot styles, without a database round trip on the hot path. The catalogue
// changes only through a migration (the seed is one), and a migration ships with a new build,
// so the newest migration this build carries is the catalogue's version: the rows are kept in
// the isolate and in the Cache API (shared by the isolates of a data centre) under that version,
// and read from Postgres once per version and data centre.
import { asc, eq } from "drizzle-orm";
import journal from "../../migrations/meta/_journal.json";
import type { Database } from "../db/client";
import { styleTemplates } from "../db/schema";

export type StyleRow = typeof styleTemplates.$inferSelect;

export const CATALOGUE_VERSION = journal.entries[journal.entries.length - 1]!.tag;

const cacheKey = (version: string) => `https://style-catalogue.firstlook.internal/${encodeURIComponent(version)}`;

let inIsolate: { version: string; rows: Promise<StyleRow[]> } | undefined;

const revive = (rows: (Omit<StyleRow, "updatedAt"> & { updatedAt: string })[]): StyleRow[] => rows.map((r) => ({ ...r, updatedAt: new Date(r.updatedAt) }));

async function fromCacheOrDatabase(db: () => Database, version: string, waitUntil: (p: Promise<unknown>) => void): Promise<StyleRow[]> {
  // The Cache API is absent in some contexts (and in unit tests); the database is the fallback.
  const cache = typeof caches === "undefined" ? undefined : caches.default;
  const hit = await cache?.match(cacheKey(version)).catch(() => undefined);
  if (hit) return revive(await hit.json());
  const rows = await db().select().from(styleTemplates).where(eq(styleTemplates.isActive, true)).orderBy(asc(styleTemplates.sortOrder));
  if (cache) {
    const body = new Response(JSON.stringify(rows), { headers: { "content-type": "application/json", "cache-control": "public, max-age=31536000, immutable" } });
    waitUntil(cache.put(cacheKey(version), body).catch(() => {}));
  }
  return rows;
}

/** Active styles in display order. `db` is only opened when neither cache has this version. */
export function activeStyles(db: () => Database, waitUntil: (p: Promise<unknown>) => void, version = CATALOGUE_VERSION): Promise<StyleRow[]> {
  if (inIsolate?.version !== version) {
    const rows = fromCacheOrDatabase(db, version, waitUntil);
    inIsolate = { version, rows };
    // A failed load is not remembered: the next request tries again.
    rows.catch(() => {
      if (inIsolate?.rows === rows) inIsolate = undefined;
    });
  }
  return inIsolate.rows;
}
