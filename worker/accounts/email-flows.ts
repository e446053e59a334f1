// The account's email lifecycle: verifying the address, sending the link again, changing the
// address, and resetting a forgotten password (routes/auth-lifecycle.ts keeps the contract, the
// per-network rate limits and the answer). Every link carries a single-use token
// (accounts/tokens.ts); limits per account are applied here.
import type { ServiceContext } from "../context";
import { ApiError } from "../errors";
import { enforceRateLimit } from "../middleware/rate-limit";
import { emailSender } from "../providers/email";
import { deliver, passwordResetMessage, verificationMessage, type Caller } from "./account-mail";
import { recordSecurityEvent } from "./audit";
import { afterResponse } from "./background";
import { fieldKeys } from "./keys";
import { revokeSessions } from "./sessions";
import { isEmailTokenLive, issueEmailToken, redeemEmailToken, retireEmailTokens } from "./tokens";
import { findUserByEmail, loadUser } from "./users";
import { changeEmail as changeEmailRow, isEmailTakenConflict, markEmailVerified, resetPassword } from "./user-store";
import { decoyHash, hashPassword, verifyPassword } from "../security/password";
import { decryptEmail, emailBlindIndex, encryptEmail, normalizeEmail } from "../security/field-crypto";
import { requireSecondFactor } from "./second-factor";
import { profileWrite } from "./profile-writes";

/** `s***@example.com`: enough for the owner to recognise in their log, no more. */
const maskEmail = (address: string) => address.replace(/^(.).*@/, "$1***@");

/** Redeems a verification link: the address is verified, or (for an email change) becomes the account's. */
export async function verifyEmail(s: ServiceContext, caller: Caller, token: string): Promise<{ email: string }> {
  const { config, env } = s;
  const { client } = caller;
  const ring = fieldKeys(config);
  // The user is known only once the token is redeemed: the profile write begins there.
  const outcome = await profileWrite(
    env,
    (begin) =>
      s
        .db()
        .transaction(async (tx) => {
          const redeemed = await redeemEmailToken(tx, config, "verify_email", token);
          if (!redeemed) return undefined;
          const { userId, newEmail } = redeemed;
          await begin(userId);
          if (newEmail) {
            // An email change applies now; the unique blind index keeps one account per address.
            const row = await changeEmailRow(tx, userId, {
              emailEncrypted: await encryptEmail(ring, userId, newEmail),
              emailIndex: await emailBlindIndex(config.EMAIL_INDEX_KEY, newEmail),
            });
            // Links mailed to the old address (a reset, an older verification) must stop working.
            await retireEmailTokens(tx, userId);
            await recordSecurityEvent(tx, { userId, type: "email_changed", ...client, details: { to: maskEmail(newEmail) } });
            return { email: newEmail, row };
          }
          const row = await markEmailVerified(tx, userId);
          await recordSecurityEvent(tx, { userId, type: "email_verified", ...client });
          return { email: await decryptEmail(ring, row!.id, row!.emailEncrypted), row };
        })
        .catch((err: unknown) => {
          if (isEmailTakenConflict(err)) throw new ApiError("email_taken", "Another account took this address in the meantime.");
          throw err;
        }),
    (result) => result?.row,
  );
  if (!outcome) throw new ApiError("email_token_invalid", "Ask for a new link.");
  return { email: outcome.email };
}

/** Sends the verification email again; earlier links stop working. */
export async function resendVerification(s: ServiceContext, caller: Caller, userId: string): Promise<{ expiresAt: Date }> {
  const { config, env, log } = s;
  await enforceRateLimit(env.AUTH_ACCOUNT_LIMITER, `verify:${userId}`, "verification emails for this account");
  const db = s.db();
  const user = await loadUser(db, userId);
  if (!user) throw new ApiError("not_found", "This account no longer exists.");
  if (user.emailVerifiedAt) throw new ApiError("email_already_verified");
  const mailer = emailSender(config, env);
  const to = await decryptEmail(fieldKeys(config), user.id, user.emailEncrypted);
  const issued = await issueEmailToken(db, config, { userId, purpose: "verify_email" });
  await deliver(mailer, verificationMessage(caller.app, to, issued, false), log);
  return { expiresAt: issued.expiresAt };
}

/**
 * Starts an email change: the password (and second factor) are checked, since whoever holds only
 * a stolen access token must not be able to move the account away; a link goes to the new
 * address and the change applies when it is opened (verifyEmail).
 */
export async function requestEmailChange(
  s: ServiceContext,
  caller: Caller,
  userId: string,
  body: { newEmail: string; password: string; totp?: string },
): Promise<{ pendingEmail: string; expiresAt: Date }> {
  const { config, env, log } = s;
  await enforceRateLimit(env.AUTH_ACCOUNT_LIMITER, `email-change:${userId}`, "email changes for this account");
  const db = s.db();
  const user = await loadUser(db, userId);
  if (!user) throw new ApiError("not_found", "This account no longer exists.");
  if (!(await verifyPassword(body.password, user.passwordHash ?? (await decoyHash())))) throw new ApiError("invalid_credentials");
  await requireSecondFactor(s, user, body.totp);
  const newEmail = normalizeEmail(body.newEmail);
  if ((await emailBlindIndex(config.EMAIL_INDEX_KEY, newEmail)) === user.emailIndex) {
    throw new ApiError("validation_failed", "This is already your email address.", { errors: [{ path: "newEmail", message: "is your current address" }] });
  }
  if (await findUserByEmail(db, config, newEmail)) throw new ApiError("email_taken");
  const mailer = emailSender(config, env);
  const issued = await issueEmailToken(db, config, { userId, purpose: "verify_email", newEmail });
  await recordSecurityEvent(db, { userId, type: "email_change_requested", ...caller.client, details: { to: maskEmail(newEmail) } });
  await deliver(mailer, verificationMessage(caller.app, newEmail, issued, true), log);
  return { pendingEmail: newEmail, expiresAt: issued.expiresAt };
}

/**
 * Emails a reset link if an account uses the address. Everything that depends on whether it does
 * happens after the response, so neither the answer nor its timing tells.
 */
export async function requestPasswordReset(s: ServiceContext, caller: Caller, address: string): Promise<void> {
  const { config, env } = s;
  await enforceRateLimit(env.AUTH_ACCOUNT_LIMITER, `forgot:${await emailBlindIndex(config.EMAIL_INDEX_KEY, address)}`, "reset requests for this address");
  const mailer = emailSender(config, env);
  const { client, app } = caller;
  afterResponse(s, "password reset request", async (db) => {
    const user = await findUserByEmail(db, config, address);
    if (!user) return;
    const issued = await issueEmailToken(db, config, { userId: user.id, purpose: "reset_password" });
    await recordSecurityEvent(db, { userId: user.id, type: "password_reset_requested", ...client });
    // To the stored address, never the typed one (a look-alike spelling could match the index).
    const to = await decryptEmail(fieldKeys(config), user.id, user.emailEncrypted);
    await mailer.send(passwordResetMessage(app, to, issued));
  });
}

/** Sets a new password with a reset link's token and signs out every device. */
export async function resetPasswordWithToken(s: ServiceContext, caller: Caller, token: string, newPassword: string): Promise<void> {
  const { config, env, log } = s;
  const db = s.db();
  // A dead link costs no password hashing; the conditional redeem below settles races.
  if (!(await isEmailTokenLive(db, "reset_password", token))) throw new ApiError("email_token_invalid", "Ask for a new reset link.");
  const passwordHash = await hashPassword(newPassword);
  const { client } = caller;
  const reset = await profileWrite(
    env,
    (begin) =>
      db.transaction(async (tx) => {
        const redeemed = await redeemEmailToken(tx, config, "reset_password", token);
        if (!redeemed) return undefined;
        await begin(redeemed.userId);
        // The link reached the account's mailbox, which proves the address as well.
        const row = await resetPassword(tx, redeemed.userId, passwordHash);
        await revokeSessions(tx, redeemed.userId, "password_change");
        // Other reset links, and an email change someone with the old password may have started.
        await retireEmailTokens(tx, redeemed.userId);
        await recordSecurityEvent(tx, { userId: redeemed.userId, type: "password_reset", ...client });
        return { userId: redeemed.userId, row };
      }),
    (result) => result?.row,
  );
  const userId = reset?.userId;
  if (!userId) throw new ApiError("email_token_invalid", "Ask for a new reset link.");
  log.info("password reset", { userId });
}
