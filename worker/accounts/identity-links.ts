// Linking an Apple / Google identity to an existing account (POST /v1/auth/apple|google): the
// provider's subject, and when the address was never verified by us, the defence against
// account pre-hijacking, in one transaction announced to the account's profile copy.
import type { ServiceContext } from "../context";
import type { User } from "../db/schema";
import { ApiError } from "../errors";
import { recordSecurityEvent, type ClientInfo } from "./audit";
import { profileWrite } from "./profile-writes";
import { revokeSessions } from "./sessions";
import { linkProviderSub, type IdentityProvider } from "./user-store";

/**
 * Links the provider identity to an account with the same (provider-verified) address. If we
 * never verified that address ourselves, whoever registered it may not own it (account
 * pre-hijacking): its password and two-factor are cleared and its sessions signed out, and the
 * address counts as verified from now on.
 */
export async function linkIdentity(s: Pick<ServiceContext, "db" | "env">, provider: IdentityProvider, user: User, sub: string, client: ClientInfo): Promise<User> {
  const { env } = s;
  const db = s.db();
  const untrusted = user.emailVerifiedAt === null;
  return profileWrite(
    env,
    async (begin) => {
      await begin(user.id);
      return db.transaction(async (tx) => {
        const row = await linkProviderSub(tx, provider, user.id, sub, untrusted);
        if (!row) throw new ApiError("identity_link_conflict");
        if (untrusted) await revokeSessions(tx, user.id, "password_change");
        await recordSecurityEvent(tx, { userId: user.id, type: "social_account_linked", ...client, details: { provider, credentialsCleared: untrusted } });
        return row;
      });
    },
    (row) => row,
  );
}
