// The Worker's handle on a user's UserAccount Durable Object.
import type { Env } from "../env";
import { ApiError } from "../errors";
import type { ReserveResult, UserAccount } from "../../durable-objects/user-account";

export function userAccount(env: Env, userId: string) {
  return env.USER_ACCOUNT.get(env.USER_ACCOUNT.idFromName(userId));
}

/** Reserve or fail with 402 `insufficient_credits`, telling the user what they have and need. */
export async function reserveCredits(env: Env, userId: string, amount: number, key: string, ttlSeconds: number) {
  const result: ReserveResult = await userAccount(env, userId).reserve(userId, amount, key, ttlSeconds * 1000);
  if (!result.ok) {
    throw new ApiError("insufficient_credits", `This needs ${result.needed} credit(s); you have ${result.available}.`);
  }
  return result.reservation;
}

// The RPC types cannot express the profile's free-form datingPreferences (JSON): these give
// UserAccount's own return types back.
type Me = Awaited<ReturnType<UserAccount["me"]>>;
type ProfileCopy = Awaited<ReturnType<UserAccount["profile"]>>;

/** The profile copy and balance from the user's account object (no database round trip). */
export const accountMe = async (env: Env, userId: string): Promise<Me> => (await userAccount(env, userId).me(userId)) as Me;

/** The profile copy alone. */
export const accountProfile = async (env: Env, userId: string): Promise<ProfileCopy> => (await userAccount(env, userId).profile(userId)) as ProfileCopy;
