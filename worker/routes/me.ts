// GET/PATCH /v1/me, GET /v1/me/export (GDPR access), DELETE /v1/me (erase).
import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../context";
import { ApiError, problemResponses } from "../errors";
import { eraseAccount, exportUser, loadProfile, updateProfile } from "../accounts/users";
import { clientInfo } from "../accounts/audit";
import { MIN_DATE_OF_BIRTH, utcToday } from "../domain/age";
import { datingPlatforms } from "../domain/platforms";
import { json, jsonMiddleware, jsonRequest, personName, profileSchema, secondFactorCode } from "./schemas";
import { defineRoute } from "./define-route";

export const me = new OpenAPIHono<AppEnv>();

const authProblems = ["unauthenticated", "invalid_token"] as const;

const getMe = defineRoute({
  method: "get",
  path: "/v1/me",
  tags: ["Accounts"],
  summary: "The signed-in user's profile and credit balance",
  auth: "user",
  responses: { 200: json(profileSchema, "Profile"), ...problemResponses(...authProblems, "not_found") },
});

me.openapi(getMe, async (c) => {
  // From the user's account object: no database round trip.
  const profile = await loadProfile(c.var.services, c.var.auth.userId);
  if (!profile) throw new ApiError("not_found", "This account no longer exists.");
  return c.json(profile, 200);
});

const freeText = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .regex(/^[^<>{}\\]*$/, "must not contain < > { } or \\");

const profilePatchSchema = z
  .strictObject({
    name: personName.nullable(),
    gender: z.enum(["woman", "man", "non_binary", "other"]).nullable(),
    datingPreferences: z
      .strictObject({
        interestedIn: z
          .array(z.enum(["women", "men", "non_binary", "everyone"]))
          .max(4)
          .optional(),
        ageMin: z.number().int().min(18).max(120).optional(),
        ageMax: z.number().int().min(18).max(120).optional(),
        lookingFor: z.enum(["long_term", "short_term", "casual", "friends", "not_sure"]).optional(),
        platforms: z.array(z.enum(datingPlatforms)).max(3).optional(),
      })
      .refine((p) => p.ageMin === undefined || p.ageMax === undefined || p.ageMin <= p.ageMax, {
        message: "ageMin must not exceed ageMax",
        path: ["ageMin"],
      })
      .nullable(),
    jobTitle: freeText(100).nullable(),
    industry: freeText(100).nullable(),
    dateOfBirth: z.iso
      .date()
      .refine((d) => d >= MIN_DATE_OF_BIRTH, `must not be before ${MIN_DATE_OF_BIRTH}`)
      .refine((d) => d <= utcToday(), "must not be in the future")
      .nullable()
      .openapi({
        description:
          "YYYY-MM-DD. The dating features are 18+ and need it. Set it once; it can then be corrected once (recorded as `date_of_birth_corrected` in the security events) and never cleared: a second correction, or null once set, is 409 `date_of_birth_locked`.",
        example: "1994-06-30",
      }),
  })
  .partial()
  .refine((b) => Object.keys(b).length > 0, "send at least one field");

/** What PATCH /v1/me may change (accounts/users.ts `updateProfile` applies it). */
export type ProfilePatch = z.infer<typeof profilePatchSchema>;

const patchMe = defineRoute({
  method: "patch",
  path: "/v1/me",
  tags: ["Accounts"],
  summary: "Update profile fields (send null to clear one)",
  description:
    "`age` is not a field: the profile's `age` is derived from `dateOfBirth`. The date of birth can be set once and corrected once (audited), never cleared; a second correction is 409 `date_of_birth_locked`.",
  auth: "user",
  middleware: jsonMiddleware,
  request: jsonRequest(profilePatchSchema),
  responses: { 200: json(profileSchema, "Updated profile"), ...problemResponses(...authProblems, "validation_failed", "malformed_json", "not_found", "date_of_birth_locked") },
});

me.openapi(patchMe, async (c) => {
  const updated = await updateProfile(c.var.services, c.var.auth.userId, c.req.valid("json"), clientInfo(c.req));
  if (!updated) throw new ApiError("not_found", "This account no longer exists.");
  // The account object holds the row just committed: one statement in all.
  const profile = await loadProfile(c.var.services, c.var.auth.userId);
  if (!profile) throw new ApiError("not_found", "This account no longer exists.");
  return c.json(profile, 200);
});

const exportMe = defineRoute({
  method: "get",
  path: "/v1/me/export",
  tags: ["Privacy"],
  summary: "Download everything we hold about you (JSON)",
  auth: "user",
  responses: {
    200: json(z.record(z.string(), z.unknown()).openapi("AccountExport"), "Every row held on the account, decrypted"),
    ...problemResponses(...authProblems, "not_found"),
  },
});

me.openapi(exportMe, async (c) => {
  const data = await exportUser(c.var.services, c.var.auth.userId);
  if (!data) throw new ApiError("not_found", "This account no longer exists.");
  c.header("content-disposition", `attachment; filename="firstlook-export-${c.var.auth.userId}.json"`);
  c.header("cache-control", "no-store");
  return c.json(data, 200);
});

const deleteMe = defineRoute({
  method: "delete",
  path: "/v1/me",
  tags: ["Privacy"],
  summary: "Erase the account: every row and every stored photo. Irreversible.",
  auth: "user",
  middleware: jsonMiddleware,
  request: jsonRequest(z.strictObject({ password: z.string().min(1).max(256), totp: secondFactorCode.optional() })),
  responses: {
    204: { description: "Erased" },
    ...problemResponses(...authProblems, "invalid_credentials", "totp_required", "totp_invalid", "validation_failed", "not_found"),
  },
});

me.openapi(deleteMe, async (c) => {
  await eraseAccount(c.var.services, c.var.auth.userId, c.req.valid("json"));
  return c.body(null, 204);
});
