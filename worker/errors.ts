// Errors are values with stable codes, answered as RFC 9457 problem+json. The mobile apps map
// the same codes to human messages, so a code, once shipped, never changes meaning.
import { z } from "@hono/zod-openapi";

export const errorCatalogue = {
  validation_failed: { status: 400, title: "The request is invalid" },
  malformed_json: { status: 400, title: "The request body is not valid JSON" },
  invalid_cursor: { status: 400, title: "The page cursor is invalid" },
  unsupported_media_type: { status: 415, title: "Unsupported content type" },
  payload_too_large: { status: 413, title: "The request body is too large" },
  not_found: { status: 404, title: "Not found" },
  method_not_allowed: { status: 405, title: "Method not allowed" },
  unauthenticated: { status: 401, title: "Authentication required" },
  invalid_token: { status: 401, title: "The access token is invalid or expired" },
  invalid_credentials: { status: 401, title: "Email or password is wrong" },
  totp_required: { status: 401, title: "A code from your authenticator app is required" },
  totp_invalid: { status: 401, title: "The authenticator code is wrong or already used" },
  totp_not_enrolled: { status: 409, title: "Two-factor authentication has not been set up" },
  totp_already_enabled: { status: 409, title: "Two-factor authentication is already on" },
  invalid_refresh_token: { status: 401, title: "The refresh token is invalid or expired" },
  refresh_token_reused: { status: 401, title: "This refresh token was already used; all sessions of this device were signed out" },
  email_taken: { status: 409, title: "An account with this email already exists" },
  rate_limited: { status: 429, title: "Too many requests" },
  insufficient_credits: { status: 402, title: "Not enough credits" },
  bio_content_refused: { status: 422, title: "We can't write a bio with explicit or hateful content" },
  bio_regeneration_limit: { status: 409, title: "This set has used all its free rewrites" },
  bio_regeneration_unavailable: { status: 409, title: "This bio cannot be rewritten" },
  metrics_period_overlap: { status: 409, title: "Metrics already cover part of this period for this profile version" },
  entitlement_required: { status: 403, title: "This needs an Unlimited plan" },
  idempotency_key_exhausted: { status: 409, title: "This request has failed too many times; send it again as a new request" },
  generation_finished: { status: 409, title: "This generation has already finished" },
  generation_in_progress: { status: 409, title: "This generation is still running" },
  selfie_unusable: { status: 422, title: "This selfie cannot be used for headshots" },
  unsupported_image_type: { status: 415, title: "Upload a JPEG, PNG or WebP photo" },
  image_dimensions_too_large: { status: 422, title: "This image has too many pixels" },
  corrupt_image: { status: 422, title: "This image is damaged or incomplete" },
  empty_file: { status: 400, title: "The upload is empty" },
  image_rejected: { status: 422, title: "This photo breaks our content rules" },
  email_not_verified: { status: 403, title: "Verify your email address first" },
  email_already_verified: { status: 409, title: "This email address is already verified" },
  email_token_invalid: { status: 400, title: "This link is invalid, has expired or was already used" },
  email_delivery_failed: { status: 502, title: "The email could not be sent" },
  invalid_identity_token: { status: 401, title: "The Apple or Google sign-in could not be verified" },
  identity_link_conflict: { status: 409, title: "This account is already linked to another Apple or Google ID" },
  identity_provider_unavailable: { status: 503, title: "Apple or Google could not be reached to check the sign-in" },
  age_verification_required: { status: 403, title: "Add your date of birth to use dating features" },
  under_age: { status: 403, title: "Dating features are for adults (18+) only" },
  date_of_birth_locked: { status: 409, title: "The date of birth can't be changed again" },
  misconfigured: { status: 500, title: "The server is misconfigured" },
  database_unavailable: { status: 503, title: "The database is unavailable" },
  internal_error: { status: 500, title: "Something went wrong on our side" },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof errorCatalogue;

export interface FieldError {
  path: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly detail?: string,
    readonly extra?: { errors?: FieldError[]; retryAfter?: number },
  ) {
    super(detail ?? errorCatalogue[code].title);
    this.status = errorCatalogue[code].status;
  }
}

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.enum(Object.keys(errorCatalogue) as [ErrorCode, ...ErrorCode[]]),
    detail: z.string().optional(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi("Problem");

export type Problem = z.infer<typeof problemSchema>;

export function problemBody(err: ApiError, requestId?: string, instance?: string): Problem {
  return {
    type: `https://firstlook.app/problems/${err.code}`,
    title: errorCatalogue[err.code].title,
    status: err.status,
    code: err.code,
    ...(err.detail ? { detail: err.detail } : {}),
    ...(instance ? { instance } : {}),
    ...(requestId ? { requestId } : {}),
    ...(err.extra?.errors ? { errors: err.extra.errors } : {}),
  };
}

export function problemResponse(err: ApiError, requestId?: string, instance?: string): Response {
  const headers = new Headers({ "content-type": "application/problem+json" });
  if (requestId) headers.set("x-request-id", requestId);
  if (err.extra?.retryAfter !== undefined) headers.set("retry-after", String(err.extra.retryAfter));
  if (err.status === 401) headers.set("www-authenticate", 'Bearer realm="firstlook"');
  return new Response(JSON.stringify(problemBody(err, requestId, instance)), { status: err.status, headers });
}

/** OpenAPI response entries for the problems a route can answer. */
export function problemResponses(...codes: ErrorCode[]) {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) {
    const s = errorCatalogue[code].status;
    byStatus.set(s, [...(byStatus.get(s) ?? []), code]);
  }
  return Object.fromEntries(
    [...byStatus].map(([status, cs]) => [status, { description: cs.map((c) => `\`${c}\``).join(", "), content: { "application/problem+json": { schema: problemSchema } } }]),
  );
}
