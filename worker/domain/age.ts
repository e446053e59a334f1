// Who is an adult for the Dating Profile Optimizer (18+), as pure rules: ages are counted on the
// UTC calendar date, so someone ahead of UTC turns 18 here up to 14 hours after midnight where
// they live: never early. A 29 February birthday is reached on 1 March in common years (the
// later of the two conventions, again never early). middleware/age-gate.ts applies them.

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

/** Why the dating features are closed to this date of birth, or null when they are open. */
export function ageGateRefusal(dateOfBirth: string | null | undefined, now: Date = new Date()): "age_verification_required" | "under_age" | null {
  if (!dateOfBirth) return "age_verification_required";
  return isAdult(dateOfBirth, now) ? null : "under_age";
}
