// The gallery's reads and deletes of headshot generations: the owner's pages (newest first), one
// owned row, and removing a finished one. Moves between states stay in generations.ts (they are
// conditional updates that belong to the state machine).
import { and, eq } from "drizzle-orm";
import type { Queryable, Reader } from "../db/client";
import { byCreatedAt, newestFirst, pageOf } from "../db/pagination";
import { photoGenerations } from "../db/schema";
import type { GenerationRow } from "./generations";

export async function findOwnedGeneration(db: Queryable, userId: string, id: string): Promise<GenerationRow | undefined> {
  const [row] = await db
    .select()
    .from(photoGenerations)
    .where(and(eq(photoGenerations.id, id), eq(photoGenerations.userId, userId)));
  return row;
}

export async function listGenerations(db: Reader, userId: string, limit: number, cursor?: string) {
  const t = photoGenerations;
  const order = newestFirst(t.createdAt, t.id, cursor);
  const rows = await db
    .select()
    .from(t)
    .where(and(eq(t.userId, userId), order.where))
    .orderBy(...order.orderBy)
    .limit(limit + 1);
  return pageOf(rows, limit, byCreatedAt);
}

export async function deleteGenerationRow(db: Queryable, id: string): Promise<void> {
  await db.delete(photoGenerations).where(eq(photoGenerations.id, id));
}
