// POST /v1/auth/register, /login, /refresh, /logout: accounts shared by both products.
import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../context";
import { ApiError, problemResponses } from "../errors";
import { clientIp, enforceRateLimit } from "../middleware/rate-limit";
import { SIGNUP_CREDITS, createUser, findUserByEmail, toProfile } from "../accounts/users";
import { setPasswordHash } from "../accounts/user-store";
import { profileRecord } from "../accounts/profile-record";
import { userAccount } from "../billing/account";
import { revokeSessions, rotateRefreshToken, sessionOfRefreshToken, startSession } from "../accounts/sessions";
import { decoyHash, hashPassword, needsRehash, verifyPassword } from "../security/password";
import { emailBlindIndex } from "../security/field-crypto";
import { requireSecondFactor, type SecondFactor } from "../accounts/second-factor";
import { email, json, jsonMiddleware, jsonRequest, password, personName, secondFactorCode, sessionResponseSchema, tokenPairSchema } from "./schemas";
import { emailSender } from "../providers/email";
import { callerOf, noticeNewDevice, startSignupVerification } from "../accounts/account-mail";
import { clientInfo, recordSecurityEventLater } from "../accounts/audit";
import { defineRoute } from "./define-route";

export const auth = new OpenAPIHono<AppEnv>();

const register = defineRoute({
  method: "post",
  path: "/v1/auth/register",
  auth: "public",
  tags: ["Accounts"],
  summary: "Create an account (starts with 1 free credit)",
  middleware: jsonMiddleware,
  request: jsonRequest(z.strictObject({ email, password, name: personName.optional() })),
  responses: {
    201: json(sessionResponseSchema, "Account created and signed in"),
    ...problemResponses("validation_failed", "malformed_json", "unsupported_media_type", "email_taken", "rate_limited"),
  },
});

auth.openapi(register, async (c) => {
  const body = c.req.valid("json");
  await enforceRateLimit(c.env.AUTH_IP_LIMITER, `register:${clientIp(c.req)}`, "sign-up attempts");
  // Resolved first: a server that cannot send the verification email refuses loudly, before writing.
  const mailer = emailSender(c.var.config, c.env);
  const db = c.var.db();
  const user = await createUser(db, c.var.config, { email: body.email, passwordHash: await hashPassword(body.password), name: body.name });
  await startSignupVerification(c.var.services, callerOf(c.var.config, c.req), db, mailer, { id: user.id, email: body.email });
  const { newDevice: _first, ...tokens } = await startSession(db, c.env, c.var.config, user.id, c.req.header("user-agent"));
  c.var.log.info("registered", { userId: user.id });
  return c.json({ ...tokens, user: await toProfile(c.var.config, profileRecord(user), { balance: SIGNUP_CREDITS, tier: "credits", unlimitedUntil: null }) }, 201);
});

const login = defineRoute({
  method: "post",
  path: "/v1/auth/login",
  auth: "public",
  tags: ["Accounts"],
  summary: "Sign in with email and password (and a TOTP code once two-factor is on)",
  middleware: jsonMiddleware,
  request: jsonRequest(z.strictObject({ email, password: z.string().min(1).max(256), totp: secondFactorCode.optional() })),
  responses: {
    200: json(sessionResponseSchema, "Signed in"),
    ...problemResponses("validation_failed", "malformed_json", "unsupported_media_type", "invalid_credentials", "totp_required", "totp_invalid", "rate_limited"),
  },
});

auth.openapi(login, async (c) => {
  const body = c.req.valid("json");
  const config = c.var.config;
  await enforceRateLimit(c.env.AUTH_IP_LIMITER, `login:${clientIp(c.req)}`, "sign-in attempts from this network");
  await enforceRateLimit(c.env.AUTH_ACCOUNT_LIMITER, `login:${await emailBlindIndex(config.EMAIL_INDEX_KEY, body.email)}`, "sign-in attempts for this account");
  const db = c.var.db();
  const user = await findUserByEmail(db, config, body.email);
  // Unknown emails pay the same KDF cost, so timing does not reveal which accounts exist.
  const ok = await verifyPassword(body.password, user?.passwordHash ?? (await decoyHash()));
  if (!user?.passwordHash || !ok) {
    if (user) recordSecurityEventLater(c.var.services, { userId: user.id, type: "login_failed", ...clientInfo(c.req), details: { reason: "password" } });
    throw new ApiError("invalid_credentials");
  }

  let secondFactor: SecondFactor;
  try {
    secondFactor = await requireSecondFactor(db, config, user, body.totp);
  } catch (err) {
    if (err instanceof ApiError && err.code === "totp_invalid") {
      recordSecurityEventLater(c.var.services, { userId: user.id, type: "login_failed", ...clientInfo(c.req), details: { reason: "totp" } });
    }
    throw err;
  }
  if (needsRehash(user.passwordHash)) {
    await setPasswordHash(db, user.id, await hashPassword(body.password));
  }
  // One statement: the session, its refresh token, and the audit entries (see startSession).
  const [{ newDevice, ...tokens }, account] = await Promise.all([
    startSession(db, c.env, config, user.id, c.req.header("user-agent"), {
      type: "login_succeeded",
      client: clientInfo(c.req),
      details: { method: "password", ...(secondFactor === "recovery_code" ? { secondFactor } : {}) },
    }),
    userAccount(c.env, user.id).balance(user.id),
  ]);
  noticeNewDevice(c.var.services, callerOf(c.var.config, c.req), user, newDevice);
  // The row read above is the profile (read once); credits and plan come from the account object.
  return c.json({ ...tokens, user: await toProfile(config, profileRecord(user), account) }, 200);
});

const refresh = defineRoute({
  method: "post",
  path: "/v1/auth/refresh",
  auth: "public",
  tags: ["Accounts"],
  summary: "Exchange a refresh token for a new pair (the old one stops working)",
  middleware: jsonMiddleware,
  request: jsonRequest(z.strictObject({ refreshToken: z.string().min(1).max(200) })),
  responses: {
    200: json(tokenPairSchema, "New access and refresh tokens"),
    ...problemResponses("validation_failed", "malformed_json", "invalid_refresh_token", "refresh_token_reused", "rate_limited"),
  },
});

auth.openapi(refresh, async (c) => {
  const { refreshToken } = c.req.valid("json");
  await enforceRateLimit(c.env.AUTH_IP_LIMITER, `refresh:${clientIp(c.req)}`, "token refreshes from this network");
  return c.json(await rotateRefreshToken(c.var.db(), c.env, c.var.config, refreshToken, clientInfo(c.req)), 200);
});

const logout = defineRoute({
  method: "post",
  path: "/v1/auth/logout",
  tags: ["Accounts"],
  summary: "Sign out this session, the session of a refresh token, or every device",
  auth: "user",
  middleware: jsonMiddleware,
  request: jsonRequest(
    z.strictObject({
      refreshToken: z.string().min(1).max(200).optional(),
      allDevices: z.boolean().optional().openapi({ description: "Revoke every session of the account" }),
    }),
  ),
  responses: {
    204: { description: "Signed out" },
    ...problemResponses("unauthenticated", "invalid_token", "invalid_refresh_token", "validation_failed"),
  },
});

auth.openapi(logout, async (c) => {
  const body = c.req.valid("json");
  const { userId, sessionId } = c.var.auth;
  const db = c.var.db();
  if (body.allDevices) {
    await revokeSessions(db, userId, "logout_all");
  } else {
    let target = sessionId;
    if (body.refreshToken) {
      const owned = await sessionOfRefreshToken(db, userId, body.refreshToken);
      // Another user's (or an unknown) token: refuse, and touch nothing.
      if (!owned) throw new ApiError("invalid_refresh_token");
      target = owned;
    }
    await revokeSessions(db, userId, "logout", target);
  }
  return c.body(null, 204);
});
