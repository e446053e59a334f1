// Devices' Expo push tokens: registered by the apps (POST/DELETE /v1/me/push-tokens) and read
// when a generation finishes (headshots/notify.ts). A token belongs to one device, so it moves
// to whoever signed in last on it.
import { and, eq } from "drizzle-orm";
import type { Queryable } from "../db/client";
import { pushTokens } from "../db/schema";

export type PushPlatform = (typeof pushTokens.$inferInsert)["platform"];

export async function registerPushToken(db: Queryable, userId: string, token: string, platform: PushPlatform): Promise<void> {
  await db.insert(pushTokens).values({ token, platform, userId }).onConflictDoUpdate({ target: pushTokens.token, set: { userId, platform } });
}

/** Removes the token if it is the user's (someone else's is left alone, silently). */
export async function unregisterPushToken(db: Queryable, userId: string, token: string): Promise<void> {
  await db.delete(pushTokens).where(and(eq(pushTokens.token, token), eq(pushTokens.userId, userId)));
}

export async function pushTokensOf(db: Queryable, userId: string): Promise<string[]> {
  const rows = await db.select({ token: pushTokens.token }).from(pushTokens).where(eq(pushTokens.userId, userId));
  return rows.map((r) => r.token);
}
