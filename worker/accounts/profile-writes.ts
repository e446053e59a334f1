// Every write to the profile columns of a users row goes through here, so the copy the user's
// UserAccount object serves (GET /v1/me, the age gate, checkout) is never older than a write that
// has answered. The object is told before the write and handed the committed row after it; see
// the protocol in durable-objects/user-account.ts.
import type { Env } from "../env";
import { userAccount } from "../billing/account";
import { profileRecord, type ProfileSource } from "./profile-record";

/**
 * Runs `write`, which must call `begin(userId)` before it changes the user's row (inside its
 * transaction is fine: what matters is before the commit), and returns the committed row
 * through `committed`. If the object cannot be told afterwards, its copy is dropped when the
 * write's lease runs out, and reads go to Postgres meanwhile: never stale, only slower.
 */
export async function profileWrite<T>(env: Env, write: (begin: (userId: string) => Promise<void>) => Promise<T>, committed: (result: T) => ProfileSource | undefined): Promise<T> {
  let lease: { userId: string; id: string } | undefined;
  const begin = async (userId: string) => {
    if (lease) throw new Error("one profile write per call");
    lease = { userId, id: await userAccount(env, userId).beginProfileWrite() };
  };
  const end = (row: ProfileSource | undefined) =>
    lease
      ? userAccount(env, lease.userId)
          .endProfileWrite(lease.id, row ? profileRecord(row) : null)
          .catch(() => {})
      : undefined;
  let result: T;
  try {
    result = await write(begin);
  } catch (err) {
    await end(undefined);
    throw err;
  }
  await end(committed(result));
  return result;
}
