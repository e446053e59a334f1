// The Worker's handle on a user's UserAccount Durable Object.
import type { Env } from "../env";
import type { UserAccount } from "../../durable-objects/user-account";

export function userAccount(env: Env, userId: string) {
  return env.USER_ACCOUNT.get(env.USER_ACCOUNT.idFromName(userId));
}

// The RPC types cannot express the profile's free-form datingPreferences (JSON): these give
// UserAccount's own return types back.
type Me = Awaited<ReturnType<UserAccount["me"]>>;
type ProfileCopy = Awaited<ReturnType<UserAccount["profile"]>>;

/** The profile copy and balance from the user's account object (no database round trip). */
export const accountMe = async (env: Env, userId: string): Promise<Me> => (await userAccount(env, userId).me(userId)) as Me;

/** The profile copy alone. */
export const accountProfile = async (env: Env, userId: string): Promise<ProfileCopy> => (await userAccount(env, userId).profile(userId)) as ProfileCopy;
