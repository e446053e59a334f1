// The part of a users row that the profile shows, as the UserAccount object keeps a copy of it
// (GET /v1/me, the age gate and checkout read that copy, not Postgres). Personal fields stay
// encrypted in the copy, exactly as in Postgres; the Worker decrypts them per request.
import type { User } from "../db/schema";
import { users } from "../db/schema";

/** The columns to select (or return from an UPDATE) to build a ProfileRecord. */
export const profileColumns = {
  id: users.id,
  emailEncrypted: users.emailEncrypted,
  emailVerifiedAt: users.emailVerifiedAt,
  nameEncrypted: users.nameEncrypted,
  dateOfBirth: users.dateOfBirth,
  gender: users.gender,
  datingPreferences: users.datingPreferences,
  jobTitle: users.jobTitle,
  industry: users.industry,
  totpEnabledAt: users.totpEnabledAt,
  createdAt: users.createdAt,
};

export type ProfileSource = Pick<User, keyof typeof profileColumns>;

/** JSON-safe (Durable Object storage): timestamps as ISO strings. */
export interface ProfileRecord {
  id: string;
  emailEncrypted: string;
  emailVerifiedAt: string | null;
  nameEncrypted: string | null;
  dateOfBirth: string | null;
  gender: string | null;
  datingPreferences: Record<string, unknown> | null;
  jobTitle: string | null;
  industry: string | null;
  totpEnabledAt: string | null;
  createdAt: string;
}

export function profileRecord(row: ProfileSource): ProfileRecord {
  return {
    id: row.id,
    emailEncrypted: row.emailEncrypted,
    emailVerifiedAt: row.emailVerifiedAt?.toISOString() ?? null,
    nameEncrypted: row.nameEncrypted,
    dateOfBirth: row.dateOfBirth ?? null,
    gender: row.gender,
    datingPreferences: row.datingPreferences ?? null,
    jobTitle: row.jobTitle,
    industry: row.industry,
    totpEnabledAt: row.totpEnabledAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}
