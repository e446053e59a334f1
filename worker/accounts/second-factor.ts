// The second factor for signing in and for sensitive account changes: a current code from the
// authenticator app (each 30 s step accepted once) or one of the recovery codes issued when
// two-factor was turned on (each accepted once). Recovery codes are how someone who lost their
// phone gets back in; they are stored only as keyed hashes.
import type { ServiceContext } from "../context";
import { and, eq, lt, sql } from "drizzle-orm";
import type { Config } from "../env";
import type { Database } from "../db/client";
import { users, type User } from "../db/schema";
import { ApiError } from "../errors";
import { fromBase64, randomBytes, toHex, utf8 } from "../security/encoding";
import { decryptField } from "../security/field-crypto";
import { base32Encode, verifyTotp } from "../security/totp";
import { fieldKeys } from "./keys";

export const RECOVERY_CODE_COUNT = 10;
const TOTP_CODE = /^\d{6}$/;

/** Ten characters of base32 (50 bits), shown as XXXXX-XXXXX. */
export function newRecoveryCode(): string {
  const raw = base32Encode(randomBytes(7)).slice(0, 10);
  return `${raw.slice(0, 5)}-${raw.slice(5)}`;
}

/** Case, spaces and the hyphen do not matter when a code is typed back. */
export const normalizeRecoveryCode = (code: string) => code.toUpperCase().replace(/[\s-]/g, "");

/** HMAC-SHA256 under the blind-index key (domain-separated): a leaked table cannot be brute-forced offline. */
export async function hashRecoveryCode(indexKey: string, code: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", fromBase64(indexKey), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return toHex(new Uint8Array(await crypto.subtle.sign("HMAC", key, utf8(`totp-recovery:${normalizeRecoveryCode(code)}`))));
}

/** A fresh set: the codes to show once, and the hashes to store. */
export async function issueRecoveryCodes(config: Config): Promise<{ codes: string[]; hashes: string[] }> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  return { codes, hashes: await Promise.all(codes.map((c) => hashRecoveryCode(config.EMAIL_INDEX_KEY, c))) };
}

/** Consumes one recovery code atomically: two requests racing with it cannot both succeed. */
async function consumeRecoveryCode(db: Database, config: Config, userId: string, code: string): Promise<boolean> {
  const hash = await hashRecoveryCode(config.EMAIL_INDEX_KEY, code);
  const done = await db
    .update(users)
    .set({ totpRecoveryCodes: sql`${users.totpRecoveryCodes} - ${hash}::text` })
    .where(and(eq(users.id, userId), sql`${users.totpRecoveryCodes} ? ${hash}::text`))
    .returning({ id: users.id });
  return done.length === 1;
}

/** The encryption context of a user's TOTP secret (`users.totp_secret_encrypted`). */
export const totpSecretContext = (userId: string) => `users.totp:${userId}`;

/** The time step an authenticator code is valid for against the user's stored secret, or null (wrong, reused, or no secret). */
export async function totpStepOf(config: Config, user: User, code: string): Promise<number | null> {
  if (!user.totpSecretEncrypted) return null;
  const secret = await decryptField(fieldKeys(config), user.totpSecretEncrypted, totpSecretContext(user.id));
  return verifyTotp(secret, code, Date.now() / 1000, user.totpLastStep);
}

/** Checks an authenticator code and records its step, so it cannot be used again. */
async function consumeTotpCode(db: Database, config: Config, user: User, code: string): Promise<boolean> {
  const step = await totpStepOf(config, user, code);
  if (step === null) return false;
  const done = await db
    .update(users)
    .set({ totpLastStep: step })
    .where(and(eq(users.id, user.id), lt(users.totpLastStep, step)))
    .returning({ id: users.id });
  return done.length === 1;
}

export type SecondFactor = "none" | "totp" | "recovery_code";

/**
 * Requires the second factor if the user has two-factor on: `totp_required` without a code,
 * `totp_invalid` for a wrong, reused or replayed one. Says which kind was used.
 */
export async function requireSecondFactor(s: Pick<ServiceContext, "db" | "config">, user: User, code: string | undefined): Promise<SecondFactor> {
  const { config } = s;
  const db = s.db();
  if (!user.totpEnabledAt || !user.totpSecretEncrypted) return "none";
  if (!code) throw new ApiError("totp_required");
  if (TOTP_CODE.test(code)) {
    if (await consumeTotpCode(db, config, user, code)) return "totp";
  } else if (await consumeRecoveryCode(db, config, user.id, code)) {
    return "recovery_code";
  }
  throw new ApiError("totp_invalid");
}
