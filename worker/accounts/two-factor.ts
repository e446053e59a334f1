// Two-factor authentication with an authenticator app (TOTP) and one-time recovery codes: enrol,
// confirm (turns it on and issues the codes), a new set of codes, turn it off. The routes
// (routes/totp.ts) keep the contract and the answer; signing in with a code is second-factor.ts.
import type { ServiceContext } from "../context";
import type { Database } from "../db/client";
import type { User } from "../db/schema";
import { ApiError } from "../errors";
import { decryptEmail, encryptField } from "../security/field-crypto";
import { newTotpSecret, otpauthUri } from "../security/totp";
import { recordSecurityEvent, type ClientInfo } from "./audit";
import { fieldKeys } from "./keys";
import { profileWrite } from "./profile-writes";
import { issueRecoveryCodes, requireSecondFactor, totpSecretContext, totpStepOf } from "./second-factor";
import { disableTotp as clearTotp, enableTotp, replaceRecoveryCodes, setPendingTotpSecret } from "./user-store";
import { loadUser } from "./users";

async function userOf(db: Database, userId: string): Promise<User> {
  const user = await loadUser(db, userId);
  if (!user) throw new ApiError("not_found");
  return user;
}

/** A pending secret for the authenticator app (shown once as a QR code); confirmTotp turns it on. */
export async function enrolTotp(s: ServiceContext, userId: string): Promise<{ secret: string; otpauthUri: string }> {
  const db = s.db();
  const user = await userOf(db, userId);
  if (user.totpEnabledAt) throw new ApiError("totp_already_enabled", "Disable it first to enrol a new device.");
  const ring = fieldKeys(s.config);
  const secret = newTotpSecret();
  await setPendingTotpSecret(db, user.id, await encryptField(ring, secret, totpSecretContext(user.id)));
  const email = await decryptEmail(ring, user.id, user.emailEncrypted);
  return { secret, otpauthUri: otpauthUri(secret, email) };
}

/** Turns two-factor on with a first code from the app; the recovery codes are shown once. */
export async function confirmTotp(s: ServiceContext, client: ClientInfo, userId: string, code: string): Promise<{ recoveryCodes: string[] }> {
  const db = s.db();
  const user = await userOf(db, userId);
  if (!user.totpSecretEncrypted) throw new ApiError("totp_not_enrolled", "Start enrolment first: POST /v1/me/totp.");
  // The code's time step is consumed with the switch, so the same code cannot be used again.
  const step = await totpStepOf(s.config, user, code);
  if (step === null) throw new ApiError("totp_invalid");
  if (user.totpEnabledAt) throw new ApiError("totp_already_enabled");
  const recovery = await issueRecoveryCodes(s.config);
  const done = await profileWrite(
    s.env,
    async (begin) => {
      await begin(user.id);
      return enableTotp(db, user.id, step, recovery.hashes);
    },
    (rows) => rows[0],
  );
  if (!done.length) throw new ApiError("totp_invalid");
  await recordSecurityEvent(db, { userId: user.id, type: "mfa_enabled", ...client, details: { method: "totp" } });
  return { recoveryCodes: recovery.codes };
}

/** A new set of recovery codes (the old ones stop working), with a current code or a recovery code. */
export async function renewRecoveryCodes(s: ServiceContext, client: ClientInfo, userId: string, code: string): Promise<{ recoveryCodes: string[] }> {
  const db = s.db();
  const user = await userOf(db, userId);
  if (!user.totpEnabledAt) throw new ApiError("totp_not_enrolled", "Two-factor is not on.");
  await requireSecondFactor(s, user, code);
  const recovery = await issueRecoveryCodes(s.config);
  await replaceRecoveryCodes(db, user.id, recovery.hashes);
  await recordSecurityEvent(db, { userId: user.id, type: "mfa_recovery_codes_replaced", ...client });
  return { recoveryCodes: recovery.codes };
}

/** Turns two-factor off, with a current code or a recovery code (each works once). */
export async function disableTotp(s: ServiceContext, client: ClientInfo, userId: string, code: string): Promise<void> {
  const db = s.db();
  const user = await userOf(db, userId);
  if (!user.totpEnabledAt) throw new ApiError("totp_not_enrolled", "Two-factor is not on.");
  const factor = await requireSecondFactor(s, user, code);
  await profileWrite(
    s.env,
    async (begin) => {
      await begin(user.id);
      return clearTotp(db, user.id);
    },
    (rows) => rows[0],
  );
  await recordSecurityEvent(db, { userId: user.id, type: "mfa_disabled", ...client, details: { method: "totp", with: factor } });
}
