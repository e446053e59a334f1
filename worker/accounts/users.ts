// Accounts shared by both products: creation (with the signup credit), lookup by the email's
// blind index, profile reads and updates, GDPR export and erase.
import { and, desc, eq, inArray, isNotNull, isNull, or, sql, type SQL } from "drizzle-orm";
import type { Config } from "../env";
import type { ServiceContext } from "../context";
import { accountMe, userAccount } from "../billing/account";
import type { Queryable } from "../db/client";
import * as t from "../db/schema";
import { ApiError } from "../errors";
import { decryptEmail, decryptField, emailBlindIndex, encryptEmail, encryptField, normalizeEmail } from "../security/field-crypto";
import { fieldKeys } from "./keys";
import { profileColumns, profileRecord, type ProfileRecord, type ProfileSource } from "./profile-record";
import { profileWrite } from "./profile-writes";
import { isEmailTakenConflict } from "./user-store";
import type { AccountSnapshot } from "../../durable-objects/user-account";
import { dateOfBirthChange, dateOfBirthRefusals } from "../domain/date-of-birth";
import { ageInYears } from "../domain/age";
import { recordSecurityEvent, type ClientInfo } from "./audit";
import { generationRoom } from "../headshots/room";
import { decoyHash, verifyPassword } from "../security/password";
import { requireSecondFactor } from "./second-factor";
import type { Profile } from "../routes/schemas";
import type { ProfilePatch } from "../routes/me";

export const SIGNUP_CREDITS = 1;

export async function createUser(
  s: Pick<ServiceContext, "db" | "config">,
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
  const { config } = s;
  const db = s.db();
  const ring = fieldKeys(config);
  const id = crypto.randomUUID();
  const email = normalizeEmail(input.email);
  const row: t.User | undefined = await db
    .transaction(async (tx) => {
      const [user] = await tx
        .insert(t.users)
        .values({
          id,
          emailEncrypted: await encryptEmail(ring, id, email),
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
      if (isEmailTakenConflict(err)) throw new ApiError("email_taken");
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

/** The profile as the apps show it, from the user's account object alone: its copy of the
 * profile columns and its balance and entitlement (both current). No database round trip. */
export async function loadProfile(s: ServiceContext, userId: string): Promise<Profile | undefined> {
  const me = await accountMe(s.env, userId);
  return me ? toProfile(s.config, me.profile, me.account) : undefined;
}

/** The credits and plan a profile shows (the account object's snapshot, or the ledger's). */
export type ProfileAccount = Pick<AccountSnapshot, "balance" | "tier" | "unlimitedUntil">;

export async function toProfile(config: Config, user: ProfileRecord, account: ProfileAccount): Promise<Profile> {
  const ring = fieldKeys(config);
  return {
    id: user.id,
    email: await decryptEmail(ring, user.id, user.emailEncrypted),
    name: user.nameEncrypted ? await decryptField(ring, user.nameEncrypted, `users.name:${user.id}`) : null,
    age: user.dateOfBirth ? ageInYears(user.dateOfBirth) : null,
    gender: user.gender,
    datingPreferences: user.datingPreferences ?? null,
    jobTitle: user.jobTitle,
    industry: user.industry,
    subscriptionTier: account.tier,
    subscriptionExpiresAt: account.unlimitedUntil,
    credits: account.balance,
    totpEnabled: user.totpEnabledAt !== null,
    createdAt: user.createdAt,
    emailVerified: user.emailVerifiedAt !== null,
    dateOfBirth: user.dateOfBirth ?? null,
  };
}

/**
 * Updates the profile columns in one statement, through the account object (profile-writes.ts).
 * A new date of birth follows domain/date-of-birth.ts: the first one is free, one correction is
 * allowed and audited (`date_of_birth_corrected`), anything more is 409 date_of_birth_locked.
 * The update is conditional on the date it was judged against, so two racing corrections cannot
 * both pass.
 */
export async function updateProfile(s: ServiceContext, userId: string, patch: ProfilePatch, client: ClientInfo): Promise<ProfileSource | undefined> {
  const { env, config } = s;
  const db = s.db();
  const ring = fieldKeys(config);
  const { name, dateOfBirth, ...plain } = patch;
  let guard: SQL | undefined;
  let correction: { from: string; to: string } | undefined;
  let newDate: string | undefined;
  if (dateOfBirth !== undefined) {
    const [current] = await db.select({ dateOfBirth: t.users.dateOfBirth, correctedAt: t.users.dateOfBirthCorrectedAt }).from(t.users).where(eq(t.users.id, userId));
    if (!current) return undefined;
    const change = dateOfBirthChange(current.dateOfBirth, current.correctedAt !== null, dateOfBirth);
    if (change.kind === "refused") throw new ApiError("date_of_birth_locked", dateOfBirthRefusals[change.reason]);
    if (change.kind === "first") guard = isNull(t.users.dateOfBirth);
    if (change.kind === "correction") {
      guard = and(eq(t.users.dateOfBirth, current.dateOfBirth!), isNull(t.users.dateOfBirthCorrectedAt));
      correction = { from: current.dateOfBirth!, to: dateOfBirth! };
    }
    if (change.kind !== "unchanged") newDate = dateOfBirth!;
  }
  const values = {
    ...plain,
    ...(newDate ? { dateOfBirth: newDate } : {}),
    ...(correction ? { dateOfBirthCorrectedAt: sql`now()` } : {}),
    ...(name !== undefined ? { nameEncrypted: name === null ? null : await encryptField(ring, name, `users.name:${userId}`) } : {}),
    updatedAt: sql`now()`,
  };
  return profileWrite(
    env,
    async (begin) => {
      await begin(userId);
      const write = async (q: Queryable) => {
        const [row] = await q
          .update(t.users)
          .set(values)
          .where(and(eq(t.users.id, userId), guard))
          .returning(profileColumns);
        // The date changed between the read and this write: the change was judged on a stale date.
        if (!row && guard) throw new ApiError("date_of_birth_locked", "Your date of birth was changed at the same moment by another request; reload and try again.");
        return row;
      };
      // Only a correction needs a transaction (the change and its audit record together); every
      // other profile write stays one statement.
      if (!correction) return write(db);
      const audited = correction;
      return db.transaction(async (tx) => {
        const row = await write(tx);
        if (row) await recordSecurityEvent(tx, { userId, type: "date_of_birth_corrected", ...client, details: audited });
        return row;
      });
    },
    (row) => row,
  );
}

/**
 * The user's analytics events, plus the anonymous ones from the same app sessions (sent before
 * they signed in on that device): the session id ties them to the person.
 */
function eventsOf(userId: string) {
  const sessionsOfUser = sql`(select distinct ${t.analyticsEvents.sessionId} from ${t.analyticsEvents} where ${t.analyticsEvents.userId} = ${userId} and ${t.analyticsEvents.sessionId} is not null)`;
  return or(
    eq(t.analyticsEvents.userId, userId),
    and(isNull(t.analyticsEvents.userId), isNotNull(t.analyticsEvents.sessionId), inArray(t.analyticsEvents.sessionId, sessionsOfUser)),
  );
}

/** Everything held on the user, decrypted, for GDPR access requests. */
export async function exportUser(s: ServiceContext, userId: string) {
  const { config } = s;
  const db = s.db();
  const user = await loadUser(db, userId);
  if (!user) return undefined;
  const byUser = <T extends { userId: unknown }>(table: T) => eq(table.userId as never, userId);
  const [sessions, ledger, purchases, analyses, bios, metrics, events, generations, securityLog] = await Promise.all([
    db
      .select({
        id: t.sessions.id,
        userAgent: t.sessions.userAgent,
        createdAt: t.sessions.createdAt,
        lastUsedAt: t.sessions.lastUsedAt,
        revokedAt: t.sessions.revokedAt,
        revokedReason: t.sessions.revokedReason,
      })
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
    profile: await toProfile(config, profileRecord(user), {
      balance: ledger.reduce((sum, e) => sum + e.delta, 0),
      tier: user.subscriptionTier,
      unlimitedUntil: user.subscriptionExpiresAt?.toISOString() ?? null,
    }),
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
export async function eraseUser(s: ServiceContext, userId: string): Promise<{ objects: number }> {
  const { env } = s;
  const db = s.db();
  const objects = await deleteUserObjects(env.PHOTOS, userId);
  // If the row deletion below fails, the account object rebuilds itself from Postgres.
  await userAccount(env, userId).erase();
  const generations = await db.transaction(async (tx) => {
    await tx.delete(t.analyticsEvents).where(eventsOf(userId));
    const gone = await tx.delete(t.photoGenerations).where(eq(t.photoGenerations.userId, userId)).returning({ id: t.photoGenerations.id });
    await tx.delete(t.users).where(and(eq(t.users.id, userId)));
    return gone;
  });
  // Generation rooms answer polls on their own: they must forget these too. And the account
  // object again: a read between its first erase and the rows' deletion may have rebuilt it.
  await Promise.all([...generations.map((g) => generationRoom(env, g.id).erase()), userAccount(env, userId).erase()]);
  return { objects };
}

/**
 * DELETE /v1/me: erasing is irreversible, so a stolen access token alone is not enough: the
 * password (and the second factor, when on) are checked first. The account's own log goes with
 * it; one record (no address, no device) says when it went.
 */
export async function eraseAccount(s: ServiceContext, userId: string, proof: { password: string; totp?: string }): Promise<void> {
  const { log } = s;
  const db = s.db();
  const user = await loadUser(db, userId);
  if (!user) throw new ApiError("not_found", "This account no longer exists.");
  if (!(await verifyPassword(proof.password, user.passwordHash ?? (await decoyHash())))) throw new ApiError("invalid_credentials");
  await requireSecondFactor(s, user, proof.totp);
  const { objects } = await eraseUser(s, user.id);
  await recordSecurityEvent(db, { userId: null, type: "account_erased", ip: null, userAgent: null, details: { userId: user.id } }).catch((err: unknown) =>
    log.error("erase not recorded", { userId: user.id, error: err instanceof Error ? err.message : String(err) }),
  );
  log.info("account erased", { userId: user.id, objects });
}
