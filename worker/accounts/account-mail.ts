// The emails the account flows send (verification, password reset, new device) and how: awaited
// when the user is waiting on the outcome (resend, email change), after the response otherwise.
import type { Context } from "hono";
import type { AppEnv } from "../context";
import type { Database } from "../db/client";
import { ApiError } from "../errors";
import { describeError, type Logger } from "../log";
import { EmailDeliveryError, emailSender, type EmailMessage, type EmailSender } from "../providers/email";
import { newDeviceEmail, passwordResetEmail, verificationEmail } from "../providers/email/templates";
import { decryptEmail, normalizeEmail } from "../security/field-crypto";
import { clientInfo, recordSecurityEvent } from "./audit";
import { fieldKeys } from "./keys";
import { EMAIL_TOKEN_TTL_MS, issueEmailToken, type IssuedToken } from "./tokens";

/**
 * Where emailed links open: the app the request came from when it is one of ours (the CORS list),
 * so the link lands on the site that holds the session (127.0.0.1 and localhost, or the Dating
 * and Headshots demos, are different sites to a browser); APP_URL otherwise (native apps, curl).
 */
export function appOrigin(c: Pick<Context<AppEnv>, "req" | "var">): string {
  const origin = c.req.header("origin");
  return origin && c.var.config.CORS_ORIGINS.includes(origin) ? origin : c.var.config.APP_URL.replace(/\/$/, "");
}

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
export function deliverLater(c: Context<AppEnv>, mailer: EmailSender, message: EmailMessage): void {
  c.executionCtx.waitUntil(mailer.send(message).catch((err: unknown) => c.var.log.error("email delivery failed", { provider: mailer.name, ...describeError(err) })));
}

/**
 * After a sign-in that `startSession` found to come from a new device (the account has sessions,
 * none from this user agent; the audit entries were written by the same statement): a "new device
 * signed in" email, sent after the response, best effort. Needs no database: the caller has the row.
 */
export function noticeNewDevice(c: Context<AppEnv>, user: { id: string; emailEncrypted: string }, newDevice: boolean): void {
  const userAgent = clientInfo(c.req).userAgent;
  if (!newDevice || !userAgent) return;
  const { config, log } = c.var;
  const bindings = c.env;
  const app = appOrigin(c);
  c.executionCtx.waitUntil(
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
  c: Context<AppEnv>,
  db: Database,
  mailer: EmailSender,
  user: { id: string; email: string },
  method: "password" | "apple" | "google" = "password",
): Promise<void> {
  const issued = await issueEmailToken(db, c.var.config, { userId: user.id, purpose: "verify_email" });
  await recordSecurityEvent(db, { userId: user.id, type: "account_created", ...clientInfo(c.req), details: { method } });
  // To the address as the account stores it (normalised), which is the one being verified.
  deliverLater(c, mailer, verificationMessage(appOrigin(c), normalizeEmail(user.email), issued, false));
}
