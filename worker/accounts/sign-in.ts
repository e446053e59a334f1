// Signing up and in with a password, and signing out: the flows behind POST /v1/auth/register,
// /login and /logout (routes/auth.ts keeps the contract, the per-network rate limits and the
// presenter). Both products share these accounts.
import type { ServiceContext } from "../context";
import { ApiError } from "../errors";
import { enforceRateLimit } from "../middleware/rate-limit";
import { emailSender } from "../providers/email";
import { userAccount } from "../billing/account";
import { decoyHash, hashPassword, needsRehash, verifyPassword } from "../security/password";
import { emailBlindIndex } from "../security/field-crypto";
import type { Profile } from "../routes/schemas";
import { noticeNewDevice, startSignupVerification, type Caller } from "./account-mail";
import { recordSecurityEventLater } from "./audit";
import { profileRecord } from "./profile-record";
import { requireSecondFactor, type SecondFactor } from "./second-factor";
import { revokeSessions, sessionOfRefreshToken, startSession, type TokenPair } from "./sessions";
import { setPasswordHash } from "./user-store";
import { SIGNUP_CREDITS, createUser, findUserByEmail, toProfile } from "./users";

export type SignedIn = TokenPair & { user: Profile };

/** Creates the account (SIGNUP_CREDITS free credits), sends the verification email and signs it in. */
export async function registerWithPassword(s: ServiceContext, caller: Caller, req: { email: string; password: string; name?: string }): Promise<SignedIn> {
  const { config, env, log } = s;
  // Resolved first: a server that cannot send the verification email refuses loudly, before writing.
  const mailer = emailSender(config, env);
  const db = s.db();
  const user = await createUser(s, { email: req.email, passwordHash: await hashPassword(req.password), name: req.name });
  await startSignupVerification(s, caller, db, mailer, { id: user.id, email: req.email });
  const { newDevice: _first, ...tokens } = await startSession(s, user.id, caller.client.userAgent ?? undefined);
  log.info("registered", { userId: user.id });
  return { ...tokens, user: await toProfile(config, profileRecord(user), { balance: SIGNUP_CREDITS, tier: "credits", unlimitedUntil: null }) };
}

/**
 * Email, password and (once two-factor is on) a TOTP or recovery code. Failures are audited and
 * limited per account; an unknown email costs the same KDF time as a wrong password, so timing
 * does not tell which accounts exist.
 */
export async function signInWithPassword(s: ServiceContext, caller: Caller, req: { email: string; password: string; totp?: string }): Promise<SignedIn> {
  const { config, env } = s;
  await enforceRateLimit(env.AUTH_ACCOUNT_LIMITER, `login:${await emailBlindIndex(config.EMAIL_INDEX_KEY, req.email)}`, "sign-in attempts for this account");
  const db = s.db();
  const user = await findUserByEmail(db, config, req.email);
  const ok = await verifyPassword(req.password, user?.passwordHash ?? (await decoyHash()));
  if (!user?.passwordHash || !ok) {
    if (user) recordSecurityEventLater(s, { userId: user.id, type: "login_failed", ...caller.client, details: { reason: "password" } });
    throw new ApiError("invalid_credentials");
  }

  let secondFactor: SecondFactor;
  try {
    secondFactor = await requireSecondFactor(s, user, req.totp);
  } catch (err) {
    if (err instanceof ApiError && err.code === "totp_invalid") {
      recordSecurityEventLater(s, { userId: user.id, type: "login_failed", ...caller.client, details: { reason: "totp" } });
    }
    throw err;
  }
  if (needsRehash(user.passwordHash)) await setPasswordHash(db, user.id, await hashPassword(req.password));
  // One statement: the session, its refresh token, and the audit entries (see startSession).
  const [{ newDevice, ...tokens }, account] = await Promise.all([
    startSession(s, user.id, caller.client.userAgent ?? undefined, {
      type: "login_succeeded",
      client: caller.client,
      details: { method: "password", ...(secondFactor === "recovery_code" ? { secondFactor } : {}) },
    }),
    userAccount(env, user.id).balance(user.id),
  ]);
  noticeNewDevice(s, caller, user, newDevice);
  // The row read above is the profile (read once); credits and plan come from the account object.
  return { ...tokens, user: await toProfile(config, profileRecord(user), account) };
}

/**
 * Signs out the caller's session, the session of a refresh token the caller owns, or every
 * session of the account. Another user's (or an unknown) refresh token is refused, touching nothing.
 */
export async function signOut(s: ServiceContext, session: { userId: string; sessionId: string }, req: { refreshToken?: string; allDevices?: boolean }): Promise<void> {
  const db = s.db();
  const { userId } = session;
  if (req.allDevices) return revokeSessions(db, userId, "logout_all");
  let target = session.sessionId;
  if (req.refreshToken) {
    const owned = await sessionOfRefreshToken(db, userId, req.refreshToken);
    if (!owned) throw new ApiError("invalid_refresh_token");
    target = owned;
  }
  await revokeSessions(db, userId, "logout", target);
}
