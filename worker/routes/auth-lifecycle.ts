// Account lifecycle by email: POST /v1/auth/verify-email, /v1/auth/verify-email/resend,
// /v1/auth/password/forgot, /v1/auth/password/reset, and POST /v1/me/email (change address).
// Every link carries a single-use token (accounts/tokens.ts); the forgot endpoint answers the
// same bytes in the same time whether or not the address has an account.
import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../context";
import { ApiError, problemResponses } from "../errors";
import { clientIp, enforceRateLimit } from "../middleware/rate-limit";
import { emailSender } from "../providers/email";
import { appOrigin, deliver, passwordResetMessage, verificationMessage } from "../accounts/account-mail";
import { clientInfo, recordSecurityEvent } from "../accounts/audit";
import { afterResponse } from "../accounts/background";
import { fieldKeys } from "../accounts/keys";
import { revokeSessions } from "../accounts/sessions";
import { isEmailTokenLive, issueEmailToken, redeemEmailToken, retireEmailTokens } from "../accounts/tokens";
import { findUserByEmail, loadUser } from "../accounts/users";
import { changeEmail as changeEmailRow, isEmailTakenConflict, markEmailVerified, resetPassword } from "../accounts/user-store";
import { decoyHash, hashPassword, verifyPassword } from "../security/password";
import { decryptEmail, emailBlindIndex, encryptEmail, normalizeEmail } from "../security/field-crypto";
import { requireSecondFactor } from "../accounts/second-factor";
import { profileWrite } from "../accounts/profile-writes";
import { email, json, jsonMiddleware, jsonRequest, password, secondFactorCode } from "./schemas";
import { defineRoute } from "./define-route";

export const authLifecycle = new OpenAPIHono<AppEnv>();

const emailToken = z
  .string()
  .min(20)
  .max(100)
  .regex(/^[A-Za-z0-9_-]+$/, "must be the token from the link")
  .openapi({ example: "ve_3q2-7wEVn1X..." });

/** `s***@example.com`: enough for the owner to recognise in their log, no more. */
const maskEmail = (address: string) => address.replace(/^(.).*@/, "$1***@");

// --- verification ---------------------------------------------------------------------------

const verifyEmail = defineRoute({
  method: "post",
  path: "/v1/auth/verify-email",
  auth: "public",
  tags: ["Accounts"],
  summary: "Confirm an email address with the token from the emailed link (also completes an email change)",
  middleware: jsonMiddleware,
  request: jsonRequest(z.strictObject({ token: emailToken })),
  responses: {
    200: json(z.object({ emailVerified: z.literal(true), email: z.string() }).openapi("EmailVerified"), "The address is verified (and is now the account's)"),
    ...problemResponses("validation_failed", "malformed_json", "email_token_invalid", "email_taken", "rate_limited"),
  },
});

authLifecycle.openapi(verifyEmail, async (c) => {
  const { token } = c.req.valid("json");
  const config = c.var.config;
  await enforceRateLimit(c.env.AUTH_IP_LIMITER, `verify-email:${clientIp(c.req)}`, "verification attempts from this network");
  const client = clientInfo(c.req);
  const ring = fieldKeys(config);
  // The user is known only once the token is redeemed: the profile write begins there.
  const outcome = await profileWrite(
    c.env,
    (begin) =>
      c.var
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
  return c.json({ emailVerified: true as const, email: outcome.email }, 200);
});

const resend = defineRoute({
  method: "post",
  path: "/v1/auth/verify-email/resend",
  tags: ["Accounts"],
  summary: "Send the verification email again (earlier links stop working)",
  auth: "user",
  responses: {
    202: json(z.object({ expiresAt: z.iso.datetime() }).openapi("VerificationSent"), "Sent to the account's address"),
    ...problemResponses("unauthenticated", "invalid_token", "not_found", "email_already_verified", "rate_limited", "email_delivery_failed"),
  },
});

authLifecycle.openapi(resend, async (c) => {
  const { userId } = c.var.auth;
  const config = c.var.config;
  await enforceRateLimit(c.env.AUTH_ACCOUNT_LIMITER, `verify:${userId}`, "verification emails for this account");
  const db = c.var.db();
  const user = await loadUser(db, userId);
  if (!user) throw new ApiError("not_found", "This account no longer exists.");
  if (user.emailVerifiedAt) throw new ApiError("email_already_verified");
  const mailer = emailSender(config, c.env);
  const to = await decryptEmail(fieldKeys(config), user.id, user.emailEncrypted);
  const issued = await issueEmailToken(db, config, { userId, purpose: "verify_email" });
  await deliver(mailer, verificationMessage(appOrigin(c.var.config, c.req), to, issued, false), c.var.log);
  return c.json({ expiresAt: issued.expiresAt.toISOString() }, 202);
});

// --- email change ---------------------------------------------------------------------------

const changeEmail = defineRoute({
  method: "post",
  path: "/v1/me/email",
  tags: ["Accounts"],
  summary: "Change the account's email: a link goes to the new address, and the change applies when it is opened",
  auth: "user",
  middleware: jsonMiddleware,
  request: jsonRequest(z.strictObject({ newEmail: email, password: z.string().min(1).max(256), totp: secondFactorCode.optional() })),
  responses: {
    202: json(z.object({ pendingEmail: z.string(), expiresAt: z.iso.datetime() }).openapi("EmailChangePending"), "Verification sent to the new address"),
    ...problemResponses(
      "unauthenticated",
      "invalid_token",
      "invalid_credentials",
      "totp_required",
      "totp_invalid",
      "validation_failed",
      "malformed_json",
      "email_taken",
      "not_found",
      "rate_limited",
      "email_delivery_failed",
    ),
  },
});

authLifecycle.openapi(changeEmail, async (c) => {
  const body = c.req.valid("json");
  const { userId } = c.var.auth;
  const config = c.var.config;
  await enforceRateLimit(c.env.AUTH_ACCOUNT_LIMITER, `email-change:${userId}`, "email changes for this account");
  const db = c.var.db();
  const user = await loadUser(db, userId);
  if (!user) throw new ApiError("not_found", "This account no longer exists.");
  // Whoever holds only a stolen access token must not be able to move the account away.
  if (!(await verifyPassword(body.password, user.passwordHash ?? (await decoyHash())))) throw new ApiError("invalid_credentials");
  await requireSecondFactor(db, config, user, body.totp);
  const newEmail = normalizeEmail(body.newEmail);
  if ((await emailBlindIndex(config.EMAIL_INDEX_KEY, newEmail)) === user.emailIndex) {
    throw new ApiError("validation_failed", "This is already your email address.", { errors: [{ path: "newEmail", message: "is your current address" }] });
  }
  if (await findUserByEmail(db, config, newEmail)) throw new ApiError("email_taken");
  const mailer = emailSender(config, c.env);
  const issued = await issueEmailToken(db, config, { userId, purpose: "verify_email", newEmail });
  await recordSecurityEvent(db, { userId, type: "email_change_requested", ...clientInfo(c.req), details: { to: maskEmail(newEmail) } });
  await deliver(mailer, verificationMessage(appOrigin(c.var.config, c.req), newEmail, issued, true), c.var.log);
  return c.json({ pendingEmail: newEmail, expiresAt: issued.expiresAt.toISOString() }, 202);
});

// --- password reset -------------------------------------------------------------------------

const FORGOT_ANSWER = { message: "If an account uses this address, we've sent it a link to reset the password." } as const;

const forgot = defineRoute({
  method: "post",
  path: "/v1/auth/password/forgot",
  auth: "public",
  tags: ["Accounts"],
  summary: "Email a password reset link (the answer is the same whether or not the account exists)",
  middleware: jsonMiddleware,
  request: jsonRequest(z.strictObject({ email })),
  responses: {
    202: json(z.object({ message: z.string() }).openapi("PasswordResetRequested"), "Accepted; a link is on its way if the account exists"),
    ...problemResponses("validation_failed", "malformed_json", "unsupported_media_type", "rate_limited", "misconfigured"),
  },
});

authLifecycle.openapi(forgot, async (c) => {
  const { email: address } = c.req.valid("json");
  const config = c.var.config;
  await enforceRateLimit(c.env.AUTH_IP_LIMITER, `forgot:${clientIp(c.req)}`, "reset requests from this network");
  await enforceRateLimit(c.env.AUTH_ACCOUNT_LIMITER, `forgot:${await emailBlindIndex(config.EMAIL_INDEX_KEY, address)}`, "reset requests for this address");
  const mailer = emailSender(config, c.env);
  const client = clientInfo(c.req);
  const app = appOrigin(c.var.config, c.req);
  // Everything that depends on whether the account exists happens after the response, so
  // neither the answer nor its timing tells.
  afterResponse(c.var.services, "password reset request", async (db) => {
    const user = await findUserByEmail(db, config, address);
    if (!user) return;
    const issued = await issueEmailToken(db, config, { userId: user.id, purpose: "reset_password" });
    await recordSecurityEvent(db, { userId: user.id, type: "password_reset_requested", ...client });
    // To the stored address, never the typed one (a look-alike spelling could match the index).
    const to = await decryptEmail(fieldKeys(config), user.id, user.emailEncrypted);
    await mailer.send(passwordResetMessage(app, to, issued));
  });
  return c.json(FORGOT_ANSWER, 202);
});

const reset = defineRoute({
  method: "post",
  path: "/v1/auth/password/reset",
  auth: "public",
  tags: ["Accounts"],
  summary: "Set a new password with the token from the reset link; signs out every device",
  middleware: jsonMiddleware,
  request: jsonRequest(z.strictObject({ token: emailToken, newPassword: password })),
  responses: {
    204: { description: "Password changed; every session was signed out" },
    ...problemResponses("validation_failed", "malformed_json", "unsupported_media_type", "email_token_invalid", "rate_limited"),
  },
});

authLifecycle.openapi(reset, async (c) => {
  const { token, newPassword } = c.req.valid("json");
  const config = c.var.config;
  await enforceRateLimit(c.env.AUTH_IP_LIMITER, `reset:${clientIp(c.req)}`, "reset attempts from this network");
  const db = c.var.db();
  // A dead link costs no password hashing; the conditional redeem below settles races.
  if (!(await isEmailTokenLive(db, "reset_password", token))) throw new ApiError("email_token_invalid", "Ask for a new reset link.");
  const passwordHash = await hashPassword(newPassword);
  const client = clientInfo(c.req);
  const reset = await profileWrite(
    c.env,
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
  c.var.log.info("password reset", { userId });
  return c.body(null, 204);
});
