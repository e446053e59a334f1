// Accounts shared by both products: creation (with the signup credit), lookup by the email's
// blind index, profile reads and updates, GDPR export and erase.
import { and, desc, eq, inArray, isNotNull, isNull, or, sql } from "drizzle-orm";
import type { Config, Env } from "../env";
import { userAccount } from "../billing/account";
import type { Database, Queryable } from "../db/client";
import { isUniqueViolation } from "../db/client";
import * as t from "../db/schema";
import { ApiError } from "../errors";
import { decryptField, emailBlindIndex, encryptField, normalizeEmail } from "../security/field-crypto";
import { fieldKeys } from "./keys";

export const SIGNUP_CREDITS = 1;

export interface Profile {
  id: string;
  email: string;
  name: string | null;
  age: number | null;
  gender: string | null;
  datingPreferences: Record<string, unknown> | null;
  jobTitle: string | null;
  industry: string | null;
  subscriptionTier: "free" | "credits" | "unlimited";
  subscriptionExpiresAt: string | null;
  credits: number;
  totpEnabled: boolean;
  createdAt: string;
  emailVerified: boolean;
  /** ISO date (YYYY-MM-DD); the dating features need an adult one (middleware/age-gate.ts). */
  dateOfBirth: string | null;
}

export async function createUser(
  db: Database,
  config: Config,
  input: {
    email: string;
    /** Null for an account created by Sign in with Apple / Google. */
    passwordHash: string | null;
    name?: string;
    /** Set when the identity provider vouches for the address. */
    emailVerified?: boolean;
    appleSub?: string;
    googleSub?: string;
  },
): Promise<t.User> {
  const ring = fieldKeys(config);
  const id = crypto.randomUUID();
  const email = normalizeEmail(input.email);
  const row: t.User | undefined = await db
    .transaction(async (tx) => {
      const [user] = await tx
        .insert(t.users)
        .values({
          id,
          emailEncrypted: await encryptField(ring, email, `users.email:${id}`),
          emailIndex: await emailBlindIndex(config.EMAIL_INDEX_KEY, email),
          passwordHash: input.passwordHash,
          emailVerifiedAt: input.emailVerified ? new Date() : null,
          appleSub: input.appleSub ?? null,
          googleSub: input.googleSub ?? null,
          nameEncrypted: input.name ? await encryptField(ring, input.name, `users.name:${id}`) : null,
        })
        .returning();
      // New users start with one free credit, as a ledger entry (the ledger is the record).
      await tx.insert(t.creditLedger).values({
        userId: id,
        delta: SIGNUP_CREDITS,
        reason: "signup_bonus",
        idempotencyKey: `signup:${id}`,
      });
      return user;
    })
    .catch((err: unknown) => {
      if (isUniqueViolation(err, "users_email_index_key")) throw new ApiError("email_taken");
      throw err;
    });
  return row!;
}

export async function findUserByEmail(db: Queryable, config: Config, email: string): Promise<t.User | undefined> {
  const [row] = await db
    .select()
    .from(t.users)
    .where(eq(t.users.emailIndex, await emailBlindIndex(config.EMAIL_INDEX_KEY, email)));
  return row;
}

export async function loadUser(db: Queryable, userId: string): Promise<t.User | undefined> {
  const [row] = await db.select().from(t.users).where(eq(t.users.id, userId));
  return row;
}

/** The profile as the apps show it: the row from Postgres, the balance from the user's
 * account object (current even before its ledger entries reach Postgres). Both in parallel. */
export async function loadProfile(db: Queryable, env: Env, config: Config, userId: string): Promise<Profile | undefined> {
  const [user, account] = await Promise.allSettled([loadUser(db, userId), userAccount(env, userId).balance(userId)]);
  if (user.status === "rejected") throw user.reason;
  if (!user.value) return undefined;
  if (account.status === "rejected") throw account.reason;
  return toProfile(config, user.value, account.value.balance);
}

export async function toProfile(config: Config, user: t.User, credits: number): Promise<Profile> {
  const ring = fieldKeys(config);
  return {
    id: user.id,
    email: await decryptField(ring, user.emailEncrypted, `users.email:${user.id}`),
    name: user.nameEncrypted ? await decryptField(ring, user.nameEncrypted, `users.name:${user.id}`) : null,
    age: user.age,
    gender: user.gender,
    datingPreferences: user.datingPreferences ?? null,
    jobTitle: user.jobTitle,
    industry: user.industry,
    subscriptionTier: user.subscriptionTier,
    subscriptionExpiresAt: user.subscriptionExpiresAt?.toISOString() ?? null,
    credits,
    totpEnabled: user.totpEnabledAt !== null,
    createdAt: user.createdAt.toISOString(),
    emailVerified: user.emailVerifiedAt !== null,
    dateOfBirth: user.dateOfBirth ?? null,
  };
}

export interface ProfilePatch {
  name?: string | null;
  age?: number | null;
  gender?: string | null;
  datingPreferences?: Record<string, unknown> | null;
  jobTitle?: string | null;
  industry?: string | null;
  /** ISO date (YYYY-MM-DD). */
  dateOfBirth?: string | null;
}

export async function updateProfile(db: Database, config: Config, userId: string, patch: ProfilePatch): Promise<t.User | undefined> {
  const ring = fieldKeys(config);
  const { name, ...plain } = patch;
  const [row] = await db
    .update(t.users)
    .set({
      ...plain,
      ...(name !== undefined ? { nameEncrypted: name === null ? null : await encryptField(ring, name, `users.name:${userId}`) } : {}),
      updatedAt: sql`now()`,
    })
    .where(eq(t.users.id, userId))
    .returning();
  return row;
}

/**
 * The user's analytics events, plus the anonymous ones from the same app sessions (sent before
 * they signed in on that device): the session id ties them to the person.
 */
function eventsOf(userId: string) {
  const sessionsOfUser = sql`(select distinct ${t.analyticsEvents.sessionId} from ${t.analyticsEvents} where ${t.analyticsEvents.userId} = ${userId} and ${t.analyticsEvents.sessionId} is not null)`;
  return or(eq(t.analyticsEvents.userId, userId), and(isNull(t.analyticsEvents.userId), isNotNull(t.analyticsEvents.sessionId), inArray(t.analyticsEvents.sessionId, sessionsOfUser)));
}

/** Everything held on the user, decrypted, for GDPR access requests. */
export async function exportUser(db: Database, config: Config, userId: string) {
  const user = await loadUser(db, userId);
  if (!user) return undefined;
  const byUser = <T extends { userId: unknown }>(table: T) => eq(table.userId as never, userId);
  const [sessions, ledger, purchases, analyses, bios, metrics, events, generations, securityLog] = await Promise.all([
    db
      .select({ id: t.sessions.id, userAgent: t.sessions.userAgent, createdAt: t.sessions.createdAt, lastUsedAt: t.sessions.lastUsedAt, revokedAt: t.sessions.revokedAt, revokedReason: t.sessions.revokedReason })
      .from(t.sessions)
      .where(byUser(t.sessions))
      .orderBy(desc(t.sessions.createdAt)),
    db.select().from(t.creditLedger).where(byUser(t.creditLedger)).orderBy(t.creditLedger.id),
    db.select().from(t.purchases).where(byUser(t.purchases)),
    db.select().from(t.photoAnalyses).where(byUser(t.photoAnalyses)),
    db.select().from(t.generatedBios).where(byUser(t.generatedBios)),
    db.select().from(t.successMetrics).where(byUser(t.successMetrics)),
    db.select().from(t.analyticsEvents).where(eventsOf(userId)).orderBy(t.analyticsEvents.createdAt),
    db.select().from(t.photoGenerations).where(byUser(t.photoGenerations)),
    db.select().from(t.securityEvents).where(byUser(t.securityEvents)).orderBy(desc(t.securityEvents.id)),
  ]);
  return {
    exportedAt: new Date().toISOString(),
    profile: await toProfile(config, user, ledger.reduce((sum, e) => sum + e.delta, 0)),
    sessions,
    creditLedger: ledger.map(({ userId: _u, ...e }) => e),
    purchases,
    photoAnalyses: analyses,
    generatedBios: bios,
    successMetrics: metrics,
    analyticsEvents: events,
    photoGenerations: generations,
    securityEvents: securityLog.map(({ userId: _u, ...e }) => e),
  };
}

/** Deletes every R2 object under the user's prefix (listing pages of up to 1000). */
export async function deleteUserObjects(bucket: R2Bucket, userId: string): Promise<number> {
  let deleted = 0;
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix: `users/${userId}/`, cursor, limit: 1000 });
    if (page.objects.length) {
      await bucket.delete(page.objects.map((o) => o.key));
      deleted += page.objects.length;
    }
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return deleted;
}

/**
 * Erase: R2 objects first, then the account object (if that fails, the rows still exist and the user can retry), then
 * every row in one transaction. Rows without a foreign key (analytics) are deleted explicitly.
 */
export async function eraseUser(db: Database, env: Env, userId: string): Promise<{ objects: number }> {
  const objects = await deleteUserObjects(env.PHOTOS, userId);
  // If the row deletion below fails, the account object rebuilds itself from Postgres.
  await userAccount(env, userId).erase();
  await db.transaction(async (tx) => {
    await tx.delete(t.analyticsEvents).where(eventsOf(userId));
    await tx.delete(t.users).where(and(eq(t.users.id, userId)));
  });
  return { objects };
}
