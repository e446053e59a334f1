// Two-factor authentication: POST /v1/me/totp (enrol), /v1/me/totp/confirm (turns it on and
// issues recovery codes), /v1/me/totp/recovery-codes (a new set), /v1/me/totp/disable. The flows
// are accounts/two-factor.ts; here the contract and the answer.
import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../context";
import { problemResponses } from "../errors";
import { RECOVERY_CODE_COUNT } from "../accounts/second-factor";
import { clientInfo } from "../accounts/audit";
import { confirmTotp, disableTotp, enrolTotp, renewRecoveryCodes } from "../accounts/two-factor";
import { json, jsonMiddleware, jsonRequest, secondFactorCode, totpCode } from "./schemas";
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

totp.openapi(enrol, async (c) => c.json(await enrolTotp(c.var.services, c.var.auth.userId), 200));

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
  const { recoveryCodes } = await confirmTotp(c.var.services, clientInfo(c.req), c.var.auth.userId, c.req.valid("json").code);
  return c.json({ totpEnabled: true as const, recoveryCodes }, 200);
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

totp.openapi(regenerate, async (c) => c.json(await renewRecoveryCodes(c.var.services, clientInfo(c.req), c.var.auth.userId, c.req.valid("json").code), 200));

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
  await disableTotp(c.var.services, clientInfo(c.req), c.var.auth.userId, c.req.valid("json").code);
  return c.json({ totpEnabled: false as const }, 200);
});
