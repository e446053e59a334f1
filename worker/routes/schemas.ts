// Shapes shared by several routes. Each is a zod schema that validates requests, documents the
// API in /openapi.json and types the mobile client; nothing here is written twice.
import { z } from "@hono/zod-openapi";
import { jsonBody } from "../middleware/json-body";

/** Letters (any script), marks, digits, spaces, apostrophes, hyphens and dots: real names, and
 * no markup or SQL punctuation. */
export const personName = z
  .string()
  .trim()
  .min(1)
  .max(80)
  .regex(/^[\p{L}\p{M}\p{N} .'’-]+$/u, "may contain letters, spaces, apostrophes, hyphens and dots only")
  // The generator would write the JS flags into the pattern ("...$/u"); JSON Schema patterns are
  // Unicode-aware ECMA-262 without flags.
  .openapi({ example: "Sam O'Neill", pattern: "^[\\p{L}\\p{M}\\p{N} .'’-]+$" });

export const email = z.email().max(254).openapi({ example: "sam@example.com" });
export const password = z.string().min(10, "must be at least 10 characters").max(256).openapi({ example: "correct horse battery" });
export const totpCode = z
  .string()
  .regex(/^\d{6}$/, "must be 6 digits")
  .openapi({ example: "123456" });
/** Where two-factor is checked: a code from the authenticator app, or one recovery code. */
export const secondFactorCode = z
  .string()
  .trim()
  .regex(/^(\d{6}|[A-Za-z2-7]{5}[- ]?[A-Za-z2-7]{5})$/, "must be a 6-digit code or a recovery code (XXXXX-XXXXX)")
  .openapi({ example: "123456", description: "A 6-digit code from the authenticator app, or one of the recovery codes (XXXXX-XXXXX; each works once)" });

export const profileSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string().nullable(),
    age: z.number().int().nullable().openapi({ description: "Completed years, derived from `dateOfBirth` (null without one); not settable." }),
    gender: z.string().nullable(),
    datingPreferences: z.record(z.string(), z.unknown()).nullable(),
    jobTitle: z.string().nullable(),
    industry: z.string().nullable(),
    subscriptionTier: z.enum(["free", "credits", "unlimited"]),
    subscriptionExpiresAt: z.iso.datetime().nullable(),
    credits: z.number().int(),
    totpEnabled: z.boolean(),
    createdAt: z.iso.datetime(),
    emailVerified: z.boolean(),
    dateOfBirth: z.iso.date().nullable().openapi({ description: "Required (and 18+) for the dating features" }),
  })
  .openapi("Profile");

/** The profile as the apps show it (accounts/users.ts `toProfile` builds it). */
export type Profile = z.infer<typeof profileSchema>;

export const tokenPairSchema = z
  .object({
    tokenType: z.literal("Bearer"),
    accessToken: z.string(),
    expiresIn: z.number().int().openapi({ description: "Seconds until the access token expires" }),
    refreshToken: z.string().openapi({ description: "Opaque, single use: every refresh returns a new one" }),
    sessionId: z.uuid(),
  })
  .openapi("TokenPair");

export const sessionResponseSchema = tokenPairSchema.extend({ user: profileSchema }).openapi("SessionResponse");

/** A required JSON body validated by `schema`; content type and JSON syntax are checked first. */
export function jsonRequest<T extends z.ZodType>(schema: T) {
  return { body: { required: true, content: { "application/json": { schema } } } };
}

export const jsonMiddleware = [jsonBody];

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

/** The query of a paginated list: `limit` (1..max) and the opaque `cursor` of the previous page
 * (decoded by db/pagination.ts: a tampered one is 400 `invalid_cursor`). Extend it for filters. */
export const pageQuery = (limits: { default: number; max: number }) =>
  z.object({
    limit: z.coerce.number().int().min(1).max(limits.max).default(limits.default),
    cursor: z.string().min(1).max(200).optional().openapi({ description: "`nextCursor` of the previous page; leave out for the first" }),
  });

/** A page of `item`s, newest first; `nextCursor` is null on the last page. */
export const pageSchema = <T extends z.ZodType>(item: T, name: string) => z.object({ items: z.array(item), nextCursor: z.string().nullable() }).openapi(name);
