// Sessions and refresh-token rotation. A session is one device's login; its refresh tokens form
// a family. Each refresh token is accepted once (an atomic UPDATE ... WHERE used_at IS NULL), and
// presenting a used one again means it leaked: the whole family is revoked.
import type { ServiceContext } from "../context";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { Config } from "../env";
import type { Queryable } from "../db/client";
import { refreshTokens, securityEvents, sessions } from "../db/schema";
import { ApiError } from "../errors";
import { hashRefreshToken, loadSigningKeys, newRefreshToken, signAccessToken } from "../security/tokens";
import { recordSecurityEvent, type ClientInfo, type SecurityEventType } from "./audit";

export interface TokenPair {
  tokenType: "Bearer";
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  sessionId: string;
}

async function issueRefreshToken(db: Queryable, config: Config, sessionId: string, userId: string): Promise<string> {
  const token = newRefreshToken();
  await db.insert(refreshTokens).values({
    sessionId,
    userId,
    tokenHash: await hashRefreshToken(token),
    expiresAt: new Date(Date.now() + config.REFRESH_TOKEN_TTL_DAYS * 86_400_000),
  });
  return token;
}

async function accessToken(env: { JWT_SIGNING_KEYS?: string }, config: Config, userId: string, sessionId: string) {
  const keys = await loadSigningKeys(env.JWT_SIGNING_KEYS!, config.JWT_SIGNING_KEYS);
  return signAccessToken(keys, config.JWT_ISSUER, config.ACCESS_TOKEN_TTL_SECONDS, { userId, sessionId });
}

export interface SignInRecord {
  type: Extract<SecurityEventType, "login_succeeded" | "social_sign_in">;
  client: ClientInfo;
  details?: Record<string, unknown>;
}

/**
 * A new session and its first refresh token, in one statement (one round trip). With `signIn`,
 * the same statement records the sign-in in the audit log and, when the account has sessions
 * but none from this user agent, a `new_device_sign_in` event too; `newDevice` says so. (The
 * statement's sub-queries see the sessions as they were before it: the new one is not counted.)
 */
export async function startSession(
  s: Pick<ServiceContext, "db" | "env" | "config">,
  userId: string,
  userAgent: string | undefined,
  signIn?: SignInRecord,
): Promise<TokenPair & { newDevice: boolean }> {
  const { env, config } = s;
  const db = s.db();
  const sessionId = crypto.randomUUID();
  const refreshToken = newRefreshToken();
  const tokenHash = await hashRefreshToken(refreshToken);
  const expiresAt = new Date(Date.now() + config.REFRESH_TOKEN_TTL_DAYS * 86_400_000).toISOString();
  const agent = userAgent?.slice(0, 256) ?? null;
  const newDevice = sql`(exists (select 1 from ${sessions} where ${sessions.userId} = ${userId})
    and ${agent}::text is not null
    and not exists (select 1 from ${sessions} where ${sessions.userId} = ${userId} and ${sessions.userAgent} = ${agent}::text))`;
  const events = signIn
    ? sql`, signed_in as (insert into ${securityEvents} (user_id, type, ip, user_agent, details)
          values (${userId}, ${signIn.type}, ${signIn.client.ip}, ${signIn.client.userAgent}, ${signIn.details ? JSON.stringify(signIn.details) : null}::jsonb)),
        new_device as (insert into ${securityEvents} (user_id, type, ip, user_agent)
          select ${userId}, 'new_device_sign_in', ${signIn.client.ip}, ${signIn.client.userAgent} where ${newDevice})`
    : sql``;
  const result = await db.execute<{ new_device: boolean }>(sql`
    with s as (insert into ${sessions} (id, user_id, user_agent) values (${sessionId}, ${userId}, ${agent}) returning id),
    t as (insert into ${refreshTokens} (session_id, user_id, token_hash, expires_at) select s.id, ${userId}, ${tokenHash}, ${expiresAt}::timestamptz from s)
    ${events}
    select ${newDevice} as new_device`);
  return {
    tokenType: "Bearer",
    accessToken: await accessToken(env, config, userId, sessionId),
    expiresIn: config.ACCESS_TOKEN_TTL_SECONDS,
    refreshToken,
    sessionId,
    newDevice: signIn ? result.rows[0]?.new_device === true : false,
  };
}

export async function rotateRefreshToken(
  s: Pick<ServiceContext, "db" | "env" | "config">,
  presented: string,
  client: ClientInfo = { ip: null, userAgent: null },
): Promise<TokenPair> {
  const { env, config } = s;
  const db = s.db();
  const tokenHash = await hashRefreshToken(presented);
  const outcome = await db.transaction(async (tx) => {
    const [claimed] = await tx
      .update(refreshTokens)
      .set({ usedAt: sql`now()` })
      .where(and(eq(refreshTokens.tokenHash, tokenHash), isNull(refreshTokens.usedAt), gt(refreshTokens.expiresAt, sql`now()`)))
      .returning({ sessionId: refreshTokens.sessionId, userId: refreshTokens.userId });
    if (claimed) {
      const [live] = await tx
        .update(sessions)
        .set({ lastUsedAt: sql`now()` })
        .where(and(eq(sessions.id, claimed.sessionId), isNull(sessions.revokedAt)))
        .returning({ id: sessions.id });
      if (!live) return { kind: "revoked" as const };
      return { kind: "rotated" as const, ...claimed, refreshToken: await issueRefreshToken(tx, config, claimed.sessionId, claimed.userId) };
    }
    const [known] = await tx
      .select({ sessionId: refreshTokens.sessionId, userId: refreshTokens.userId, usedAt: refreshTokens.usedAt })
      .from(refreshTokens)
      .where(eq(refreshTokens.tokenHash, tokenHash));
    if (known?.usedAt) {
      await tx
        .update(sessions)
        .set({ revokedAt: sql`now()`, revokedReason: "refresh_token_reuse" })
        .where(and(eq(sessions.id, known.sessionId), isNull(sessions.revokedAt)));
      return { kind: "reused" as const, userId: known.userId, sessionId: known.sessionId };
    }
    return { kind: "invalid" as const };
  });
  // The family revocation above must be committed, so the error is thrown after the transaction.
  if (outcome.kind === "reused") {
    // Recorded after the revocation committed: a failed audit write must never undo it.
    await recordSecurityEvent(db, { userId: outcome.userId, type: "refresh_token_reused", ...client, details: { sessionId: outcome.sessionId } }).catch(() => {});
    throw new ApiError("refresh_token_reused");
  }
  if (outcome.kind !== "rotated") throw new ApiError("invalid_refresh_token");
  return {
    tokenType: "Bearer",
    accessToken: await accessToken(env, config, outcome.userId, outcome.sessionId),
    expiresIn: config.ACCESS_TOKEN_TTL_SECONDS,
    refreshToken: outcome.refreshToken,
    sessionId: outcome.sessionId,
  };
}

/** The session a refresh token belongs to, if it belongs to `userId`. */
export async function sessionOfRefreshToken(db: Queryable, userId: string, presented: string): Promise<string | undefined> {
  const [row] = await db
    .select({ sessionId: refreshTokens.sessionId })
    .from(refreshTokens)
    .where(and(eq(refreshTokens.tokenHash, await hashRefreshToken(presented)), eq(refreshTokens.userId, userId)));
  return row?.sessionId;
}

export async function revokeSessions(db: Queryable, userId: string, reason: "logout" | "logout_all" | "password_change", sessionId?: string): Promise<void> {
  await db
    .update(sessions)
    .set({ revokedAt: sql`now()`, revokedReason: reason })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), sessionId ? eq(sessions.id, sessionId) : undefined));
}
