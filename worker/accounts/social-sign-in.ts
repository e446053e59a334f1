// Sign in with Apple or Google (POST /v1/auth/apple, /v1/auth/google): one flow, parameterised
// by provider. The identity token is verified against the provider's keys; the account is found
// by the provider's subject, failing that linked by an address the provider verified (after the
// account's second factor, if it has one), failing that created (no password, one signup credit).
import type { ServiceContext } from "../context";
import type { Config } from "../env";
import type { User } from "../db/schema";
import { ApiError } from "../errors";
import { emailSender } from "../providers/email";
import { userAccount } from "../billing/account";
import { IdentityProviderUnavailable, IdentityTokenInvalid, verifyIdentityToken, type IdentityProviderSettings } from "../security/identity-tokens";
import { noticeNewDevice, startSignupVerification, type Caller } from "./account-mail";
import { recordSecurityEvent } from "./audit";
import { linkIdentity } from "./identity-links";
import { profileRecord } from "./profile-record";
import { requireSecondFactor } from "./second-factor";
import { startSession } from "./sessions";
import type { SignedIn } from "./sign-in";
import { findUserBySub, isUserConflict, type IdentityProvider } from "./user-store";
import { createUser, findUserByEmail, toProfile } from "./users";

export const identityLabel: Record<IdentityProvider, string> = { apple: "Apple", google: "Google" };

function providerSettings(config: Config, name: IdentityProvider): IdentityProviderSettings | undefined {
  if (name === "apple") {
    if (!config.APPLE_CLIENT_IDS?.length) return undefined;
    return { name, issuers: ["https://appleid.apple.com"], audiences: config.APPLE_CLIENT_IDS, jwksUrl: config.APPLE_JWKS_URL, nonce: "sha256-hex" };
  }
  if (!config.GOOGLE_CLIENT_IDS?.length) return undefined;
  return { name, issuers: ["https://accounts.google.com", "accounts.google.com"], audiences: config.GOOGLE_CLIENT_IDS, jwksUrl: config.GOOGLE_JWKS_URL, nonce: "raw" };
}

const subOf = (user: User, provider: IdentityProvider) => (provider === "apple" ? user.appleSub : user.googleSub);

export interface IdentitySignIn {
  identityToken: string;
  nonce: string;
  /** Apple shares the name only at the first sign-in. */
  name?: string;
  totp?: string;
}

/** Signs in with the provider's identity token; `created` when the account was made just now. */
export async function signInWithIdentity(s: ServiceContext, caller: Caller, provider: IdentityProvider, body: IdentitySignIn): Promise<SignedIn & { created: boolean }> {
  const { config, env, log } = s;
  const settings = providerSettings(config, provider);
  if (!settings) throw new ApiError("not_found", `Sign in with ${identityLabel[provider]} is not enabled on this server.`);

  let identity;
  try {
    identity = await verifyIdentityToken(settings, body.identityToken, body.nonce);
  } catch (err) {
    if (err instanceof IdentityTokenInvalid) {
      log.warn("identity token refused", { provider, reason: err.message });
      throw new ApiError("invalid_identity_token");
    }
    if (err instanceof IdentityProviderUnavailable) throw new ApiError("identity_provider_unavailable", "Please retry in a moment.", { retryAfter: 5 });
    throw err;
  }

  const db = s.db();
  let user = await findUserBySub(db, provider, identity.sub);
  let outcome: "signed_in" | "linked" | "created" = "signed_in";
  if (!user) {
    const byEmail = identity.email ? await findUserByEmail(db, config, identity.email) : undefined;
    if (byEmail && subOf(byEmail, provider) === identity.sub) {
      // Created by a concurrent first sign-in between the two lookups.
      user = byEmail;
      await requireSecondFactor(s, user, body.totp);
    } else if (byEmail) {
      if (!identity.emailVerified) throw new ApiError("email_taken", "An account uses this address: sign in with its password.");
      if (subOf(byEmail, provider)) throw new ApiError("identity_link_conflict");
      // A verified account with two-factor proves the second factor before gaining a new way in.
      if (byEmail.emailVerifiedAt) await requireSecondFactor(s, byEmail, body.totp);
      user = await linkIdentity(s, provider, byEmail, identity.sub, caller.client);
      outcome = "linked";
    } else {
      if (!identity.email) throw new ApiError("invalid_identity_token", `${identityLabel[provider]} did not share an email address; allow it and try again.`);
      const mailer = identity.emailVerified ? undefined : emailSender(config, env);
      try {
        user = await createUser(s, {
          email: identity.email,
          passwordHash: null,
          name: body.name,
          emailVerified: identity.emailVerified,
          ...(provider === "apple" ? { appleSub: identity.sub } : { googleSub: identity.sub }),
        });
        outcome = "created";
      } catch (err) {
        // The same first sign-in, twice at once: the other request created the account.
        const raced = (err instanceof ApiError && err.code === "email_taken") || isUserConflict(err) ? await findUserBySub(db, provider, identity.sub) : undefined;
        if (!raced) throw err;
        user = raced;
      }
      if (outcome === "created") {
        if (mailer) await startSignupVerification(s, caller, db, mailer, { id: user.id, email: identity.email }, provider);
        else await recordSecurityEvent(db, { userId: user.id, type: "account_created", ...caller.client, details: { method: provider } });
      }
    }
  } else {
    await requireSecondFactor(s, user, body.totp);
  }

  const signedIn = user;
  const [{ newDevice, ...tokens }, account] = await Promise.all([
    startSession(s, user.id, caller.client.userAgent ?? undefined, { type: "social_sign_in", client: caller.client, details: { provider, outcome } }),
    userAccount(env, user.id).balance(user.id),
  ]);
  noticeNewDevice(s, caller, signedIn, newDevice);
  const profile = await toProfile(config, profileRecord(signedIn), account);
  return { ...tokens, user: profile, created: outcome === "created" };
}
