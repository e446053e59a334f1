// Single-use tokens sent by email: email verification (24 h) and password reset (1 h). A token is
// 32 random bytes, base64url, with a purpose prefix; only its SHA-256 is stored, so a database
// leak hands out no working links. Redeeming is one conditional UPDATE (unused, unexpired,
// right purpose), so a token works once even when two requests race with it.
// A verification token for an email change carries the new address, encrypted like users.email
// with the token row's id bound in.
import { and, eq, gt, isNotNull, isNull, sql } from "drizzle-orm";
import type { Config } from "../env";
import type { Queryable } from "../db/client";
import { authTokens } from "../db/schema";
import { randomBytes, sha256Hex, toBase64Url } from "../security/encoding";
import { decryptField, encryptField } from "../security/field-crypto";
import { fieldKeys } from "./keys";

export type EmailTokenPurpose = "verify_email" | "reset_password";

export const EMAIL_TOKEN_TTL_MS: Record<EmailTokenPurpose, number> = {
  verify_email: 24 * 3_600_000,
  reset_password: 3_600_000,
};

const PREFIX: Record<EmailTokenPurpose, string> = { verify_email: "ve_", reset_password: "pr_" };

const emailAad = (tokenId: string) => `auth_tokens.email:${tokenId}`;

export interface IssuedToken {
  token: string;
  expiresAt: Date;
}

/**
 * Issues a token and retires the user's earlier unused tokens of the same kind: only the newest
 * link works. (A resend retires earlier verification links; a new email change retires the
 * previous pending change, not the plain verification of the current address.)
 */
export async function issueEmailToken(db: Queryable, config: Config, input: { userId: string; purpose: EmailTokenPurpose; newEmail?: string }): Promise<IssuedToken> {
  const id = crypto.randomUUID();
  const token = `${PREFIX[input.purpose]}${toBase64Url(randomBytes(32))}`;
  const expiresAt = new Date(Date.now() + EMAIL_TOKEN_TTL_MS[input.purpose]);
  await db
    .update(authTokens)
    .set({ usedAt: sql`now()` })
    .where(
      and(
        eq(authTokens.userId, input.userId),
        eq(authTokens.purpose, input.purpose),
        isNull(authTokens.usedAt),
        input.newEmail ? isNotNull(authTokens.emailEncrypted) : isNull(authTokens.emailEncrypted),
      ),
    );
  await db.insert(authTokens).values({
    id,
    userId: input.userId,
    purpose: input.purpose,
    tokenHash: await sha256Hex(token),
    emailEncrypted: input.newEmail ? await encryptField(fieldKeys(config), input.newEmail, emailAad(id)) : null,
    expiresAt,
  });
  return { token, expiresAt };
}

export interface RedeemedToken {
  userId: string;
  /** Set for an email change: the address to switch to. */
  newEmail: string | null;
}

/** Marks the token used and returns what it grants; undefined when unknown, used or expired. */
export async function redeemEmailToken(db: Queryable, config: Config, purpose: EmailTokenPurpose, token: string): Promise<RedeemedToken | undefined> {
  const [row] = await db
    .update(authTokens)
    .set({ usedAt: sql`now()` })
    .where(and(eq(authTokens.tokenHash, await sha256Hex(token)), eq(authTokens.purpose, purpose), isNull(authTokens.usedAt), gt(authTokens.expiresAt, sql`now()`)))
    .returning({ id: authTokens.id, userId: authTokens.userId, emailEncrypted: authTokens.emailEncrypted });
  if (!row) return undefined;
  return { userId: row.userId, newEmail: row.emailEncrypted ? await decryptField(fieldKeys(config), row.emailEncrypted, emailAad(row.id)) : null };
}

/** Whether the token would redeem now (without using it): lets callers skip costly work for a dead link. */
export async function isEmailTokenLive(db: Queryable, purpose: EmailTokenPurpose, token: string): Promise<boolean> {
  const [row] = await db
    .select({ id: authTokens.id })
    .from(authTokens)
    .where(and(eq(authTokens.tokenHash, await sha256Hex(token)), eq(authTokens.purpose, purpose), isNull(authTokens.usedAt), gt(authTokens.expiresAt, sql`now()`)));
  return row !== undefined;
}

/** Retires every unused token of the user (after an email change or a password reset). */
export async function retireEmailTokens(db: Queryable, userId: string): Promise<void> {
  await db
    .update(authTokens)
    .set({ usedAt: sql`now()` })
    .where(and(eq(authTokens.userId, userId), isNull(authTokens.usedAt)));
}
