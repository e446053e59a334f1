// The Worker's handle on a user's UserAccount Durable Object.
import type { Env } from "../env";
import { ApiError } from "../errors";
import type { ReserveResult } from "../../durable-objects/user-account";

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
