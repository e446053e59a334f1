// Postgres side of uploaded photos: the row written after the bytes are in R2, the owner's pages
// (newest first) and single rows. Every read is scoped to the owner: someone else's photo is
// indistinguishable from one that does not exist.
import { and, eq, sql } from "drizzle-orm";
import type { Queryable, Reader } from "../db/client";
import { byCreatedAt, newestFirst, pageOf } from "../db/pagination";
import { photos } from "../db/schema";

export type PhotoRow = typeof photos.$inferSelect;
export type PhotoPurpose = PhotoRow["purpose"];

/** The columns a photo's API shape needs: everything but the stored measurements. */
const shownColumns = {
  id: photos.id,
  purpose: photos.purpose,
  width: photos.width,
  height: photos.height,
  bytes: photos.bytes,
  r2Key: photos.r2Key,
  thumbnailKey: photos.thumbnailKey,
  moderation: photos.moderation,
  createdAt: photos.createdAt,
  expiresAt: photos.expiresAt,
};
export type ShownPhoto = Pick<PhotoRow, keyof typeof shownColumns>;

// The checks read three values of the measurements. A list has Postgres pick them out of the
// jsonb, so a page carries those instead of every measurement of every photo (faces, landmarks,
// timings) and the Worker does not validate whole feature documents to show a badge.
const checksColumn = sql<unknown>`jsonb_build_object('count', ${photos.features} #> '{faces,count}', 'widthFraction', ${photos.features} #> '{faces,primary,widthFraction}', 'defects', ${photos.features} -> 'defects')`;

export async function insertPhoto(db: Queryable, row: typeof photos.$inferInsert): Promise<PhotoRow> {
  const [inserted] = await db.insert(photos).values(row).returning();
  return inserted!;
}

/** A page of the owner's photos, newest first; `checks` is the picked-out jsonb above (unparsed). */
export async function listPhotos(db: Reader, userId: string, query: { purpose?: PhotoPurpose; limit: number; cursor?: string }) {
  const order = newestFirst(photos.createdAt, photos.id, query.cursor);
  const rows = await db
    .select({ ...shownColumns, checks: checksColumn })
    .from(photos)
    .where(and(eq(photos.userId, userId), query.purpose ? eq(photos.purpose, query.purpose) : undefined, order.where))
    .orderBy(...order.orderBy)
    .limit(query.limit + 1);
  return pageOf(rows, query.limit, byCreatedAt);
}

export async function findOwnedPhoto(db: Queryable, userId: string, id: string): Promise<PhotoRow | undefined> {
  const [row] = await db
    .select()
    .from(photos)
    .where(and(eq(photos.id, id), eq(photos.userId, userId)));
  return row;
}

export async function deletePhotoRow(db: Queryable, id: string): Promise<void> {
  await db.delete(photos).where(eq(photos.id, id));
}
