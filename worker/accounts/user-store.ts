// The users-table statements the account routes need beyond accounts/users.ts: the admin's page
// of ids, password and email changes, provider identities and the two-factor columns. Values
// arrive already hashed or encrypted; this file only speaks SQL.
import { and, asc, eq, gt, isNull, lt, sql } from "drizzle-orm";
import type { Queryable } from "../db/client";
import { isUniqueViolation } from "../db/client";
import { users, type User } from "../db/schema";
import type { IdentityProviderSettings } from "../security/identity-tokens";
import { profileColumns, type ProfileSource } from "./profile-record";

export type IdentityProvider = IdentityProviderSettings["name"];

/** A page of user ids in id order, after `after` (the admin's reconcile walks every user). */
export async function userIdsAfter(db: Queryable, after: string | undefined, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(after ? gt(users.id, after) : undefined)
    .orderBy(asc(users.id))
    .limit(limit);
  return rows.map((r) => r.id);
}

/** A login re-hashes a password stored with older parameters. */
export async function setPasswordHash(db: Queryable, userId: string, passwordHash: string): Promise<void> {
  await db.update(users).set({ passwordHash, updatedAt: sql`now()` }).where(eq(users.id, userId));
}

/** The email address moves to a new (encrypted) value and blind index, verified by the link. */
export async function changeEmail(db: Queryable, userId: string, email: { emailEncrypted: string; emailIndex: string }): Promise<ProfileSource | undefined> {
  const [row] = await db
    .update(users)
    .set({ ...email, emailVerifiedAt: sql`now()`, updatedAt: sql`now()` })
    .where(eq(users.id, userId))
    .returning(profileColumns);
  return row;
}

/** Marks the address verified (the first verification time is kept). */
export async function markEmailVerified(db: Queryable, userId: string): Promise<ProfileSource | undefined> {
  const [row] = await db
    .update(users)
    .set({ emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())`, updatedAt: sql`now()` })
    .where(eq(users.id, userId))
    .returning(profileColumns);
  return row;
}

/** A reset sets the new password; the link reached the account's mailbox, which proves the address as well. */
export async function resetPassword(db: Queryable, userId: string, passwordHash: string): Promise<ProfileSource | undefined> {
  const [row] = await db
    .update(users)
    .set({ passwordHash, emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())`, updatedAt: sql`now()` })
    .where(eq(users.id, userId))
    .returning(profileColumns);
  return row;
}

/** The unique blind index refused the address: another account has it. */
export const isEmailTakenConflict = (err: unknown): boolean => isUniqueViolation(err, "users_email_index_key");

/** Any unique key of users refused the row (an address or a provider subject already taken). */
export const isUserConflict = (err: unknown): boolean => isUniqueViolation(err);

const subColumn = (provider: IdentityProvider) => (provider === "apple" ? users.appleSub : users.googleSub);

export async function findUserBySub(db: Queryable, provider: IdentityProvider, sub: string): Promise<User | undefined> {
  const [row] = await db
    .select()
    .from(users)
    .where(eq(subColumn(provider), sub));
  return row;
}

/**
 * Sets the provider's subject on an account that has none for it yet (undefined otherwise);
 * `clearCredentials` also drops the password and two-factor (see accounts/identity-links.ts).
 */
export async function linkProviderSub(db: Queryable, provider: IdentityProvider, userId: string, sub: string, clearCredentials: boolean): Promise<User | undefined> {
  const [row] = await db
    .update(users)
    .set({
      ...(provider === "apple" ? { appleSub: sub } : { googleSub: sub }),
      ...(clearCredentials ? { passwordHash: null, totpSecretEncrypted: null, totpEnabledAt: null, totpLastStep: 0 } : {}),
      emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())`,
      updatedAt: sql`now()`,
    })
    .where(and(eq(users.id, userId), isNull(subColumn(provider))))
    .returning();
  return row;
}

/** A new pending secret, while two-factor is not on. */
export async function setPendingTotpSecret(db: Queryable, userId: string, totpSecretEncrypted: string): Promise<void> {
  await db
    .update(users)
    .set({ totpSecretEncrypted, totpLastStep: 0 })
    .where(and(eq(users.id, userId), isNull(users.totpEnabledAt)));
}

/** Turns two-factor on, consuming `step`; nothing (an empty array) if it is on already or the step was used. */
export async function enableTotp(db: Queryable, userId: string, step: number, recoveryCodeHashes: string[]): Promise<ProfileSource[]> {
  return db
    .update(users)
    .set({ totpEnabledAt: sql`now()`, totpLastStep: step, totpRecoveryCodes: recoveryCodeHashes })
    .where(and(eq(users.id, userId), isNull(users.totpEnabledAt), lt(users.totpLastStep, step)))
    .returning(profileColumns);
}

export async function replaceRecoveryCodes(db: Queryable, userId: string, recoveryCodeHashes: string[]): Promise<void> {
  await db.update(users).set({ totpRecoveryCodes: recoveryCodeHashes }).where(eq(users.id, userId));
}

export async function disableTotp(db: Queryable, userId: string): Promise<ProfileSource[]> {
  return db.update(users).set({ totpEnabledAt: null, totpSecretEncrypted: null, totpLastStep: 0, totpRecoveryCodes: null }).where(eq(users.id, userId)).returning(profileColumns);
}
