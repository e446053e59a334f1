// Two-factor authentication: POST /v1/me/totp (enrol), /v1/me/totp/confirm (turns it on and
// issues recovery codes), /v1/me/totp/recovery-codes (a new set), /v1/me/totp/disable.
import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../context";
import { ApiError, problemResponses } from "../errors";
import { fieldKeys } from "../accounts/keys";
import { loadUser } from "../accounts/users";
import { disableTotp, enableTotp, replaceRecoveryCodes, setPendingTotpSecret } from "../accounts/user-store";
import { decryptEmail, decryptField, encryptField } from "../security/field-crypto";
import { newTotpSecret, otpauthUri, verifyTotp } from "../security/totp";
import { issueRecoveryCodes, requireSecondFactor, RECOVERY_CODE_COUNT } from "../accounts/second-factor";
import { json, jsonMiddleware, jsonRequest, secondFactorCode, totpCode } from "./schemas";
import { clientInfo, recordSecurityEvent } from "../accounts/audit";
import { profileWrite } from "../accounts/profile-writes";
import { defineRoute } from "./define-route";

export const totp = new OpenAPIHono<AppEnv>();

const authProblems = ["unauthenticated", "invalid_token", "not_found"] as const;

const enrol = defineRoute({
  method: "post",
  path: "/v1/me/totp",
  tags: ["Accounts"],
  summary: "Start two-factor enrolment: a new secret to add to an authenticator app",
  auth: "user",
  responses: {
    200: json(
      z.object({ secret: z.string(), otpauthUri: z.string().openapi({ description: "Show as a QR code" }) }).openapi("TotpEnrolment"),
      "Pending secret; confirm with a code to turn two-factor on",
    ),
    ...problemResponses(...authProblems, "totp_already_enabled"),
  },
});

totp.openapi(enrol, async (c) => {
  const db = c.var.db();
  const user = await loadUser(db, c.var.auth.userId);
  if (!user) throw new ApiError("not_found");
  if (user.totpEnabledAt) throw new ApiError("totp_already_enabled", "Disable it first to enrol a new device.");
  const ring = fieldKeys(c.var.config);
  const secret = newTotpSecret();
  await setPendingTotpSecret(db, user.id, await encryptField(ring, secret, `users.totp:${user.id}`));
  const email = await decryptEmail(ring, user.id, user.emailEncrypted);
  return c.json({ secret, otpauthUri: otpauthUri(secret, email) }, 200);
});

/** Checks a code against the stored secret and consumes its time step. */
async function consumeCode(c: { var: AppEnv["Variables"] }, code: string) {
  const db = c.var.db();
  const user = await loadUser(db, c.var.auth.userId);
  if (!user) throw new ApiError("not_found");
  if (!user.totpSecretEncrypted) throw new ApiError("totp_not_enrolled", "Start enrolment first: POST /v1/me/totp.");
  const secret = await decryptField(fieldKeys(c.var.config), user.totpSecretEncrypted, `users.totp:${user.id}`);
  const step = await verifyTotp(secret, code, Date.now() / 1000, user.totpLastStep);
  if (step === null) throw new ApiError("totp_invalid");
  return { db, user, step };
}

const recoveryCodesSchema = z
  .array(z.string())
  .length(RECOVERY_CODE_COUNT)
  .openapi({ description: "Shown once: each signs in once in place of an authenticator code (for a lost phone). Only their hashes are kept." });

const confirm = defineRoute({
  method: "post",
  path: "/v1/me/totp/confirm",
  tags: ["Accounts"],
  summary: "Turn two-factor on with a first code from the authenticator app",
  auth: "user",
  middleware: jsonMiddleware,
  request: jsonRequest(z.strictObject({ code: totpCode })),
  responses: {
    200: json(z.object({ totpEnabled: z.literal(true), recoveryCodes: recoveryCodesSchema }), "Two-factor is on; sign-in now asks for a code"),
    ...problemResponses(...authProblems, "totp_not_enrolled", "totp_already_enabled", "totp_invalid", "validation_failed"),
  },
});

totp.openapi(confirm, async (c) => {
  const { db, user, step } = await consumeCode(c, c.req.valid("json").code);
  if (user.totpEnabledAt) throw new ApiError("totp_already_enabled");
  const recovery = await issueRecoveryCodes(c.var.config);
  const done = await profileWrite(
    c.env,
    async (begin) => {
      await begin(user.id);
      return enableTotp(db, user.id, step, recovery.hashes);
    },
    (rows) => rows[0],
  );
  if (!done.length) throw new ApiError("totp_invalid");
  await recordSecurityEvent(db, { userId: user.id, type: "mfa_enabled", ...clientInfo(c.req), details: { method: "totp" } });
  return c.json({ totpEnabled: true as const, recoveryCodes: recovery.codes }, 200);
});

const regenerate = defineRoute({
  method: "post",
  path: "/v1/me/totp/recovery-codes",
  tags: ["Accounts"],
  summary: "Replace the recovery codes with a new set (the old ones stop working)",
  auth: "user",
  middleware: jsonMiddleware,
  request: jsonRequest(z.strictObject({ code: secondFactorCode })),
  responses: {
    200: json(z.object({ recoveryCodes: recoveryCodesSchema }), "The new codes"),
    ...problemResponses(...authProblems, "totp_not_enrolled", "totp_invalid", "validation_failed"),
  },
});

totp.openapi(regenerate, async (c) => {
  const db = c.var.db();
  const user = await loadUser(db, c.var.auth.userId);
  if (!user) throw new ApiError("not_found");
  if (!user.totpEnabledAt) throw new ApiError("totp_not_enrolled", "Two-factor is not on.");
  await requireSecondFactor(db, c.var.config, user, c.req.valid("json").code);
  const recovery = await issueRecoveryCodes(c.var.config);
  await replaceRecoveryCodes(db, user.id, recovery.hashes);
  await recordSecurityEvent(db, { userId: user.id, type: "mfa_recovery_codes_replaced", ...clientInfo(c.req) });
  return c.json({ recoveryCodes: recovery.codes }, 200);
});

const disable = defineRoute({
  method: "post",
  path: "/v1/me/totp/disable",
  tags: ["Accounts"],
  summary: "Turn two-factor off (needs a current code or a recovery code)",
  auth: "user",
  middleware: jsonMiddleware,
  request: jsonRequest(z.strictObject({ code: secondFactorCode })),
  responses: {
    200: json(z.object({ totpEnabled: z.literal(false) }), "Two-factor is off"),
    ...problemResponses(...authProblems, "totp_not_enrolled", "totp_invalid", "validation_failed"),
  },
});

totp.openapi(disable, async (c) => {
  const db = c.var.db();
  const user = await loadUser(db, c.var.auth.userId);
  if (!user) throw new ApiError("not_found");
  if (!user.totpEnabledAt) throw new ApiError("totp_not_enrolled", "Two-factor is not on.");
  // Each code once (the authenticator's step, or the recovery code, is consumed here).
  const factor = await requireSecondFactor(db, c.var.config, user, c.req.valid("json").code);
  await profileWrite(
    c.env,
    async (begin) => {
      await begin(user.id);
      return disableTotp(db, user.id);
    },
    (rows) => rows[0],
  );
  await recordSecurityEvent(db, { userId: user.id, type: "mfa_disabled", ...clientInfo(c.req), details: { method: "totp", with: factor } });
  return c.json({ totpEnabled: false as const }, 200);
});
