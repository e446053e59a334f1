// The emails the account flows send (verification, password reset, new device) and how: awaited
// when the user is waiting on the outcome (resend, email change), after the response otherwise.
import type { Context } from "hono";
import { and, eq, ne } from "drizzle-orm";
import type { AppEnv } from "../context";
import type { Config } from "../env";
import type { Database } from "../db/client";
import { sessions } from "../db/schema";
import { ApiError } from "../errors";
import { describeError, type Logger } from "../log";
import { EmailDeliveryError, emailSender, type EmailMessage, type EmailSender } from "../providers/email";
import { newDeviceEmail, passwordResetEmail, verificationEmail } from "../providers/email/templates";
import { decryptField, normalizeEmail } from "../security/field-crypto";
import { clientInfo, recordSecurityEvent, type SecurityEventType } from "./audit";
import { afterResponse } from "./background";
import { fieldKeys } from "./keys";
import { EMAIL_TOKEN_TTL_MS, issueEmailToken, type IssuedToken } from "./tokens";
import { loadUser } from "./users";

const appLink = (config: Config, path: string, token?: string) =>
  `${config.APP_URL.replace(/\/$/, "")}${path}${token ? `?token=${encodeURIComponent(token)}` : ""}`;

export function verificationMessage(config: Config, to: string, issued: IssuedToken, emailChange: boolean): EmailMessage {
  const hoursValid = EMAIL_TOKEN_TTL_MS.verify_email / 3_600_000;
  return { to, ...verificationEmail({ link: appLink(config, "/verify-email", issued.token), hoursValid, emailChange }) };
}

export function passwordResetMessage(config: Config, to: string, issued: IssuedToken): EmailMessage {
  return { to, ...passwordResetEmail({ link: appLink(config, "/reset-password", issued.token), minutesValid: EMAIL_TOKEN_TTL_MS.reset_password / 60_000 }) };
}

/** Sends now; a provider failure is logged and answered 502 `email_delivery_failed`. */
export async function deliver(mailer: EmailSender, message: EmailMessage, log: Logger): Promise<void> {
  try {
    await mailer.send(message);
  } catch (err) {
    if (!(err instanceof EmailDeliveryError)) throw err;
    log.error("email delivery failed", { provider: mailer.name, status: err.status, ...describeError(err) });
    throw new ApiError("email_delivery_failed", "Please try again in a moment.");
  }
}

/** Sends after the response; failures are logged (the user can ask for the email again). */
export function deliverLater(c: Context<AppEnv>, mailer: EmailSender, message: EmailMessage): void {
  c.executionCtx.waitUntil(mailer.send(message).catch((err: unknown) => c.var.log.error("email delivery failed", { provider: mailer.name, ...describeError(err) })));
}

/**
 * After a successful sign-in, off the response path: the audit entry, and a "new device signed
 * in" email when this user agent never signed in to the account before (the very first session
 * of an account is not news). Best effort.
 */
export function noticeSignIn(
  c: Context<AppEnv>,
  signIn: { userId: string; sessionId: string; type: Extract<SecurityEventType, "login_succeeded" | "social_sign_in">; details?: Record<string, unknown> },
): void {
  const client = clientInfo(c.req);
  const { config, log } = c.var;
  const bindings = c.env;
  afterResponse(c, "sign-in notice", async (db) => {
    await recordSecurityEvent(db, { userId: signIn.userId, type: signIn.type, ...client, details: signIn.details });
    if (client.userAgent && (await isNewDevice(db, signIn.userId, signIn.sessionId, client.userAgent))) {
      await recordSecurityEvent(db, { userId: signIn.userId, type: "new_device_sign_in", ...client });
      const user = await loadUser(db, signIn.userId);
      if (!user) return;
      const to = await decryptField(fieldKeys(config), user.emailEncrypted, `users.email:${user.id}`);
      const message = newDeviceEmail({ device: client.userAgent, when: new Date(), resetUrl: appLink(config, "/forgot-password") });
      await emailSender(config, bindings).send({ to, ...message });
      log.info("new device notice sent", { userId: user.id });
    }
  });
}

async function isNewDevice(db: Database, userId: string, sessionId: string, userAgent: string): Promise<boolean> {
  const others = and(eq(sessions.userId, userId), ne(sessions.id, sessionId));
  const [seen] = await db.select({ id: sessions.id }).from(sessions).where(and(others, eq(sessions.userAgent, userAgent))).limit(1);
  if (seen) return false;
  const [earlier] = await db.select({ id: sessions.id }).from(sessions).where(others).limit(1);
  return earlier !== undefined;
}

/** At sign-up: the verification link for the address just registered (sent after the response)
 * and the account's first audit entry. */
export async function startSignupVerification(
  c: Context<AppEnv>,
  db: Database,
  mailer: EmailSender,
  user: { id: string; email: string },
  method: "password" | "apple" | "google" = "password",
): Promise<void> {
  const issued = await issueEmailToken(db, c.var.config, { userId: user.id, purpose: "verify_email" });
  await recordSecurityEvent(db, { userId: user.id, type: "account_created", ...clientInfo(c.req), details: { method } });
  // To the address as the account stores it (normalised), which is the one being verified.
  deliverLater(c, mailer, verificationMessage(c.var.config, normalizeEmail(user.email), issued, false));
}
