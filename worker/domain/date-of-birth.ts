// Changes to the date of birth, which the dating product's 18+ gate reads. Setting it the first
// time is free; after that it can be corrected once (a typo, a wrong year), and never cleared:
// otherwise someone refused as a minor could simply type another year until the gate opens.
// Support handles anything beyond one correction.

export type DateOfBirthChange = { kind: "unchanged" } | { kind: "first" } | { kind: "correction" } | { kind: "refused"; reason: "already_corrected" | "cannot_clear" };

export function dateOfBirthChange(current: string | null, alreadyCorrected: boolean, next: string | null): DateOfBirthChange {
  if (next === current) return { kind: "unchanged" };
  if (current === null) return { kind: "first" };
  if (next === null) return { kind: "refused", reason: "cannot_clear" };
  return alreadyCorrected ? { kind: "refused", reason: "already_corrected" } : { kind: "correction" };
}

export const dateOfBirthRefusals: Record<"already_corrected" | "cannot_clear", string> = {
  already_corrected: "Your date of birth has already been corrected once. If it is still wrong, contact support.",
  cannot_clear: "A date of birth can't be removed once set; you can correct it once with PATCH /v1/me.",
};
