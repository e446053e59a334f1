// The Dating Profile Optimizer is 18+. `requireAdult` runs after requireAuth on every route
// declared `auth: "adult"` (routes/define-route.ts): no date of birth -> 403 `age_verification_required`, under 18 -> 403
// `under_age`. The rules (UTC calendar, 29 February) are domain/age.ts; this file applies them.
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../context";
import type { Env } from "../env";
import { accountProfile } from "../billing/account";
import { ageGateRefusal } from "../domain/age";
import { ApiError } from "../errors";

// The date of birth comes from the user's account object (its exact copy of the profile): the
// gate costs no database round trip.
export const requireAdult = createMiddleware<AppEnv>(async (c, next) => {
  await assertAdult(c.env, c.var.auth.userId);
  await next();
});

/** The gate itself, for routes that serve both products (a dating photo upload, before anything is read or stored). */
export async function assertAdult(env: Env, userId: string): Promise<void> {
  const row = await accountProfile(env, userId);
  if (!row) throw new ApiError("not_found", "This account no longer exists.");
  const refusal = ageGateRefusal(row.dateOfBirth);
  if (refusal === "age_verification_required") throw new ApiError(refusal, "Set `dateOfBirth` with PATCH /v1/me first.");
  if (refusal) throw new ApiError(refusal);
}
