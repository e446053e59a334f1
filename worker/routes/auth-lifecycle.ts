// Account lifecycle by email: POST /v1/auth/verify-email, /v1/auth/verify-email/resend,
// /v1/auth/password/forgot, /v1/auth/password/reset, and POST /v1/me/email (change address).
// Every link carries a single-use token (accounts/tokens.ts); the forgot endpoint answers the
// same bytes in the same time whether or not the address has an account. The flows are
// accounts/email-flows.ts; here the contract, the per-network rate limits and the answer.
import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../context";
import { problemResponses } from "../errors";
import { clientIp, enforceRateLimit } from "../middleware/rate-limit";
import { callerOf } from "../accounts/account-mail";
import { requestEmailChange, requestPasswordReset, resendVerification, resetPasswordWithToken, verifyEmail as verifyEmailToken } from "../accounts/email-flows";
import { email, json, jsonMiddleware, jsonRequest, password, secondFactorCode } from "./schemas";
import { defineRoute } from "./define-route";

export const authLifecycle = new OpenAPIHono<AppEnv>();

const emailToken = z
  .string()
  .min(20)
  .max(100)
  .regex(/^[A-Za-z0-9_-]+$/, "must be the token from the link")
  .openapi({ example: "ve_3q2-7wEVn1X..." });

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
  await enforceRateLimit(c.env.AUTH_IP_LIMITER, `verify-email:${clientIp(c.req)}`, "verification attempts from this network");
  const { email } = await verifyEmailToken(c.var.services, callerOf(c.var.config, c.req), c.req.valid("json").token);
  return c.json({ emailVerified: true as const, email }, 200);
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
  const { expiresAt } = await resendVerification(c.var.services, callerOf(c.var.config, c.req), c.var.auth.userId);
  return c.json({ expiresAt: expiresAt.toISOString() }, 202);
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
  const pending = await requestEmailChange(c.var.services, callerOf(c.var.config, c.req), c.var.auth.userId, c.req.valid("json"));
  return c.json({ pendingEmail: pending.pendingEmail, expiresAt: pending.expiresAt.toISOString() }, 202);
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
  await enforceRateLimit(c.env.AUTH_IP_LIMITER, `forgot:${clientIp(c.req)}`, "reset requests from this network");
  await requestPasswordReset(c.var.services, callerOf(c.var.config, c.req), c.req.valid("json").email);
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
  await enforceRateLimit(c.env.AUTH_IP_LIMITER, `reset:${clientIp(c.req)}`, "reset attempts from this network");
  await resetPasswordWithToken(c.var.services, callerOf(c.var.config, c.req), token, newPassword);
  return c.body(null, 204);
});
