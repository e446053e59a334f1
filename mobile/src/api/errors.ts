// The API answers errors as RFC 9457 problem+json with a stable `code` (worker/errors.ts). Here
// each code gets the sentence a person should read. The record is keyed by the generated
// ProblemCode union, so a code added on the server fails `tsc` here until it has a message; a
// code this build does not know yet (an older app, a newer server) falls back to the server's
// own `title`.
import type { Problem, ProblemCode } from "./types";

export const problemMessages: Record<ProblemCode, string> = {
  validation_failed: "Some of what you entered needs another look.",
  malformed_json: "The app sent something the server could not read. Please update the app.",
  invalid_cursor: "We couldn't load more. Pull to refresh and try again.",
  unsupported_media_type: "That file type isn't supported. Try a JPEG or PNG photo.",
  payload_too_large: "That's too large to upload. Try a smaller photo.",
  not_found: "We couldn't find that. It may have been deleted.",
  method_not_allowed: "This action isn't available. Please update the app.",
  unauthenticated: "Please sign in to continue.",
  invalid_token: "Your session has expired. Please sign in again.",
  invalid_credentials: "That email and password don't match. Check them and try again.",
  totp_required: "Enter the 6-digit code from your authenticator app.",
  totp_invalid: "That code is wrong or was already used. Wait for the next code and try again.",
  totp_not_enrolled: "Two-factor authentication isn't set up yet.",
  totp_already_enabled: "Two-factor authentication is already on.",
  invalid_refresh_token: "Your session has ended. Please sign in again.",
  refresh_token_reused: "For your safety we signed this device out. Please sign in again.",
  email_taken: "An account with this email already exists. Try signing in instead.",
  rate_limited: "Too many attempts. Please wait a moment and try again.",
  insufficient_credits: "You're out of credits. Buy a pack to keep going.",
  bio_content_refused: "We can't write a bio with explicit or hateful content. Rephrase your facts and try again.",
  bio_regeneration_limit: "This set has used its free regenerations. You can still edit the bio, or write a new set.",
  bio_regeneration_unavailable: "We can't write another version of this bio. You can still edit it, or write a new set.",
  metrics_period_overlap: "You already logged numbers for part of these dates for this profile version.",
  entitlement_required: "This needs an Unlimited plan.",
  idempotency_key_exhausted: "This kept failing. Please start again.",
  generation_finished: "This generation has already finished.",
  generation_in_progress: "These headshots are still being made. Cancel them first, or wait until they're done.",
  selfie_unusable: "We can't use this selfie. Use a well-lit photo of just your face, looking at the camera.",
  unsupported_image_type: "That file type isn't supported. Use a JPEG, PNG or WebP photo (on iPhone, set the camera to Most Compatible).",
  image_dimensions_too_large: "That image is too large. Try a photo under 50 megapixels.",
  corrupt_image: "That photo looks damaged or incomplete. Try taking or choosing it again.",
  empty_file: "That photo came through empty. Try choosing it again.",
  image_rejected: "This photo breaks our content rules, so we can't use it.",
  email_not_verified: "Please confirm your email address first. Check your inbox for the link.",
  email_already_verified: "Your email address is already confirmed.",
  email_token_invalid: "That link is invalid or has expired. Ask for a new one.",
  email_delivery_failed: "We couldn't send the email. Please try again in a few minutes.",
  invalid_identity_token: "Signing in with that account didn't work. Please try again.",
  identity_link_conflict: "That sign-in is already linked to a different account.",
  identity_provider_unavailable: "That sign-in service isn't responding. Try again or use your email.",
  age_verification_required: "Please confirm your age to continue.",
  under_age: "You must be 18 or older to use this app.",
  date_of_birth_locked: "Your date of birth has already been corrected once. If it is still wrong, contact support.",
  misconfigured: "The service is being set up. Please try again later.",
  database_unavailable: "The service is busy right now. Please try again in a moment.",
  internal_error: "Something went wrong on our side. Please try again.",
};

export interface FieldError {
  path: string;
  message: string;
}

/** A failed API call: a problem from the server, or no answer at all (offline, timeout). */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly problem?: Partial<Problem>,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "ApiError";
  }

  get fieldErrors(): FieldError[] {
    return this.problem?.errors ?? [];
  }

  /** True when the request never got an answer: the device is offline or the server unreachable. */
  get isNetwork(): boolean {
    return this.code === "network_error";
  }
}

export const networkError = () => new ApiError("network_error", 0, "You're offline or the server can't be reached. Check your connection and try again.");

/** Codes whose `detail` the server writes for the person holding the file (worker/routes/photos.ts:
 * "That file isn't a photo we can read…", the HEIC advice): better than the general sentence. */
const detailForPeople: ReadonlySet<string> = new Set<ProblemCode>(["unsupported_image_type"]);

export function messageForProblem(problem: Partial<Problem> | undefined, status: number): string {
  const code = problem?.code;
  if (code && detailForPeople.has(code) && problem?.detail) return problem.detail;
  if (code && code in problemMessages) return problemMessages[code];
  if (problem?.title) return problem.title;
  return status >= 500 ? problemMessages.internal_error : `The request failed (${status}).`;
}

/** Builds an ApiError from a problem+json body (or any non-2xx body). */
export function apiErrorFrom(body: unknown, status: number, retryAfter?: string | null): ApiError {
  const problem = body && typeof body === "object" ? (body as Partial<Problem>) : undefined;
  const seconds = retryAfter ? Number(retryAfter) : undefined;
  return new ApiError(problem?.code ?? `http_${status}`, status, messageForProblem(problem, status), problem, Number.isFinite(seconds) ? seconds : undefined);
}

/** A sentence for a code that reads better in one place than the general one (e.g. a wrong
 * password when changing your email is not "that email and password don't match"). */
export type MessageOverrides = Partial<Record<ProblemCode | "network_error", string>>;

/** The sentence to show for anything thrown by an API call or a device API. */
export function describeError(err: unknown, overrides?: MessageOverrides): string {
  if (err instanceof ApiError) {
    const special = overrides?.[err.code as ProblemCode];
    if (special) return special;
    const fields = err.fieldErrors.map((f) => `${f.path}: ${f.message}`);
    return fields.length && err.code === "validation_failed" ? `${err.message}\n${fields.join("\n")}` : err.message;
  }
  if (err instanceof Error && err.message) return err.message;
  return problemMessages.internal_error;
}

/** True for a request that never got an answer (offline, server unreachable). */
export const isOfflineError = (error: unknown) => error instanceof ApiError && error.isNetwork;
