// The Dating Profile Optimizer is 18+. `requireAdult` runs after requireAuth on every
// /v1/dating/* route: no date of birth -> 403 `age_verification_required`, under 18 -> 403
// `under_age`. Ages are counted on the UTC calendar date, so someone ahead of UTC turns 18 here
// up to 14 hours after midnight where they live: never early. A 29 February birthday is
// reached on 1 March in common years (the later of the two conventions, again never early).
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../context";
import type { Env } from "../env";
import { accountProfile } from "../billing/account";
import { ApiError } from "../errors";

export const ADULT_AGE = 18;
/** The earliest date of birth we accept as plausible. */
export const MIN_DATE_OF_BIRTH = "1900-01-01";

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Year, month (1-12) and day of a real calendar date written YYYY-MM-DD; undefined otherwise. */
export function parseIsoDate(iso: string): { year: number; month: number; day: number } | undefined {
  const m = ISO_DATE.exec(iso);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return undefined;
  return { year, month, day };
}

/** Today's date on the UTC calendar, YYYY-MM-DD. */
export const utcToday = (now: Date = new Date()) => now.toISOString().slice(0, 10);

/** Completed years between a date of birth and `now`, on the UTC calendar. */
export function ageInYears(dateOfBirth: string, now: Date = new Date()): number {
  const dob = parseIsoDate(dateOfBirth);
  if (!dob) throw new RangeError(`not a date: ${dateOfBirth}`);
  const [y, m, d] = [now.getUTCFullYear(), now.getUTCMonth() + 1, now.getUTCDate()];
  // Comparing (month, day) pairs: in a common year, 02-28 < 02-29 < 03-01, so a leap-day
  // birthday counts from 1 March.
  const hadBirthday = m > dob.month || (m === dob.month && d >= dob.day);
  return y - dob.year - (hadBirthday ? 0 : 1);
}

export const isAdult = (dateOfBirth: string, now: Date = new Date()) => ageInYears(dateOfBirth, now) >= ADULT_AGE;

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
  if (!row.dateOfBirth) throw new ApiError("age_verification_required", "Set `dateOfBirth` with PATCH /v1/me first.");
  if (!isAdult(row.dateOfBirth)) throw new ApiError("under_age");
}
