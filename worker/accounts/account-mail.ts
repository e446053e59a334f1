// The emails the account flows send (verification, password reset, new device) and how: awaited
// when the user is waiting on the outcome (resend, email change), after the response otherwise.
import type { ServiceContext } from "../context";
import type { Database } from "../db/client";
import type { Config } from "../env";
import { ApiError } from "../errors";
import { describeError, type Logger } from "../log";
import { EmailDeliveryError, emailSender, type EmailMessage, type EmailSender } from "../providers/email";
import { newDeviceEmail, passwordResetEmail, verificationEmail } from "../providers/email/templates";
import { decryptEmail, normalizeEmail } from "../security/field-crypto";
import { clientInfo, recordSecurityEvent, type ClientInfo } from "./audit";
import { fieldKeys } from "./keys";
import { EMAIL_TOKEN_TTL_MS, issueEmailToken, type IssuedToken } from "./tokens";

/**
 * Where emailed links open: the app the request came from when it is one of ours (the CORS list),
 * so the link lands on the site that holds the session (127.0.0.1 and localhost, or the Dating
 * and Headshots demos, are different sites to a browser); APP_URL otherwise (native apps, curl).
 */
export function appOrigin(config: Config, req: { header(name: string): string | undefined }): string {
  const origin = req.header("origin");
  return origin && config.CORS_ORIGINS.includes(origin) ? origin : config.APP_URL.replace(/\/$/, "");
}

/** Who is asking, as the account emails and audit entries need it: address, user agent, the app's origin. */
export interface Caller {
  client: ClientInfo;
  app: string;
}

export const callerOf = (config: Config, req: { header(name: string): string | undefined }): Caller => ({ client: clientInfo(req), app: appOrigin(config, req) });

const appLink = (app: string, path: string, token?: string) => `${app}${path}${token ? `?token=${encodeURIComponent(token)}` : ""}`;

export function verificationMessage(app: string, to: string, issued: IssuedToken, emailChange: boolean): EmailMessage {
  const hoursValid = EMAIL_TOKEN_TTL_MS.verify_email / 3_600_000;
  return { to, ...verificationEmail({ link: appLink(app, "/verify-email", issued.token), hoursValid, emailChange }) };
}

export function passwordResetMessage(app: string, to: string, issued: IssuedToken): EmailMessage {
  return { to, ...passwordResetEmail({ link: appLink(app, "/reset-password", issued.token), minutesValid: EMAIL_TOKEN_TTL_MS.reset_password / 60_000 }) };
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
export function deliverLater(s: ServiceContext, mailer: EmailSender, message: EmailMessage): void {
  s.waitUntil(mailer.send(message).catch((err: unknown) => s.log.error("email delivery failed", { provider: mailer.name, ...describeError(err) })));
}

/**
 * After a sign-in that `startSession` found to come from a new device (the account has sessions,
 * none from this user agent; the audit entries were written by the same statement): a "new device
 * signed in" email, sent after the response, best effort. Needs no database: the caller has the row.
 */
export function noticeNewDevice(s: ServiceContext, caller: Caller, user: { id: string; emailEncrypted: string }, newDevice: boolean): void {
  const { userAgent } = caller.client;
  if (!newDevice || !userAgent) return;
  const { config, log, env: bindings } = s;
  const { app } = caller;
  s.waitUntil(
    (async () => {
      const to = await decryptEmail(fieldKeys(config), user.id, user.emailEncrypted);
      const message = newDeviceEmail({ device: userAgent, when: new Date(), resetUrl: appLink(app, "/forgot-password") });
      await emailSender(config, bindings).send({ to, ...message });
      log.info("new device notice sent", { userId: user.id });
    })().catch((err: unknown) => log.error("new device notice failed", describeError(err))),
  );
}

/** At sign-up: the verification link for the address just registered (sent after the response)
 * and the account's first audit entry. */
export async function startSignupVerification(
  s: ServiceContext,
  caller: Caller,
  db: Database,
  mailer: EmailSender,
  user: { id: string; email: string },
  method: "password" | "apple" | "google" = "password",
): Promise<void> {
  const issued = await issueEmailToken(db, s.config, { userId: user.id, purpose: "verify_email" });
  await recordSecurityEvent(db, { userId: user.id, type: "account_created", ...caller.client, details: { method } });
  // To the address as the account stores it (normalised), which is the one being verified.
  deliverLater(s, mailer, verificationMessage(caller.app, normalizeEmail(user.email), issued, false));
}
