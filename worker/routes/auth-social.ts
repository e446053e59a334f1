// POST /v1/auth/apple and /v1/auth/google: sign in with an identity token from the app. One code
// path, parameterised by provider. The account is found by the provider's subject; failing that,
// linked by an address the provider verified; failing that, created (no password, one signup
// credit). Answers like /v1/auth/login (201 when the account was just created).
import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../context";
import type { Config } from "../env";
import type { User } from "../db/schema";
import { ApiError, problemResponses } from "../errors";
import { clientIp, enforceRateLimit } from "../middleware/rate-limit";
import { emailSender } from "../providers/email";
import { callerOf, noticeNewDevice, startSignupVerification } from "../accounts/account-mail";
import { clientInfo, recordSecurityEvent } from "../accounts/audit";
import { linkIdentity } from "../accounts/identity-links";
import { startSession } from "../accounts/sessions";
import { findUserBySub, isUserConflict } from "../accounts/user-store";
import { createUser, findUserByEmail, toProfile } from "../accounts/users";
import { profileRecord } from "../accounts/profile-record";
import { userAccount } from "../billing/account";
import { IdentityProviderUnavailable, IdentityTokenInvalid, verifyIdentityToken, type IdentityProviderSettings } from "../security/identity-tokens";
import { requireSecondFactor } from "../accounts/second-factor";
import { json, jsonMiddleware, jsonRequest, personName, secondFactorCode, sessionResponseSchema } from "./schemas";
import { defineRoute } from "./define-route";

export const authSocial = new OpenAPIHono<AppEnv>();

type Provider = IdentityProviderSettings["name"];

function providerSettings(config: Config, name: Provider): IdentityProviderSettings | undefined {
  if (name === "apple") {
    if (!config.APPLE_CLIENT_IDS?.length) return undefined;
    return { name, issuers: ["https://appleid.apple.com"], audiences: config.APPLE_CLIENT_IDS, jwksUrl: config.APPLE_JWKS_URL, nonce: "sha256-hex" };
  }
  if (!config.GOOGLE_CLIENT_IDS?.length) return undefined;
  return { name, issuers: ["https://accounts.google.com", "accounts.google.com"], audiences: config.GOOGLE_CLIENT_IDS, jwksUrl: config.GOOGLE_JWKS_URL, nonce: "raw" };
}

const label: Record<Provider, string> = { apple: "Apple", google: "Google" };

const bodySchema = z.strictObject({
  identityToken: z.string().min(20).max(8192).openapi({ description: "The JWT the provider's SDK returned" }),
  nonce: z.string().min(8).max(256).openapi({ description: "The raw nonce the app passed to the provider for this sign-in" }),
  name: personName.optional().openapi({ description: "Apple shares the name only at the first sign-in; used when creating the account" }),
  totp: secondFactorCode.optional(),
});

const route = (provider: Provider) =>
  defineRoute({
    method: "post",
    path: `/v1/auth/${provider}`,
    auth: "public",
    tags: ["Accounts"],
    summary: `Sign in with ${label[provider]} (creates the account, or links it by a verified email)`,
    middleware: jsonMiddleware,
    request: jsonRequest(bodySchema),
    responses: {
      200: json(sessionResponseSchema, "Signed in to an existing account"),
      201: json(sessionResponseSchema, "Account created and signed in"),
      ...problemResponses(
        "validation_failed",
        "malformed_json",
        "unsupported_media_type",
        "invalid_identity_token",
        "identity_link_conflict",
        "email_taken",
        "totp_required",
        "totp_invalid",
        "not_found",
        "rate_limited",
        "identity_provider_unavailable",
      ),
    },
  });

const subOf = (user: User, provider: Provider) => (provider === "apple" ? user.appleSub : user.googleSub);
function registerProvider(provider: Provider) {
  authSocial.openapi(route(provider), async (c) => {
    const body = c.req.valid("json");
    const config = c.var.config;
    const settings = providerSettings(config, provider);
    if (!settings) throw new ApiError("not_found", `Sign in with ${label[provider]} is not enabled on this server.`);
    await enforceRateLimit(c.env.AUTH_IP_LIMITER, `social:${clientIp(c.req)}`, "sign-in attempts from this network");

    let identity;
    try {
      identity = await verifyIdentityToken(settings, body.identityToken, body.nonce);
    } catch (err) {
      if (err instanceof IdentityTokenInvalid) {
        c.var.log.warn("identity token refused", { provider, reason: err.message });
        throw new ApiError("invalid_identity_token");
      }
      if (err instanceof IdentityProviderUnavailable) throw new ApiError("identity_provider_unavailable", "Please retry in a moment.", { retryAfter: 5 });
      throw err;
    }

    const db = c.var.db();
    let user = await findUserBySub(db, provider, identity.sub);
    let outcome: "signed_in" | "linked" | "created" = "signed_in";
    if (!user) {
      const byEmail = identity.email ? await findUserByEmail(db, config, identity.email) : undefined;
      if (byEmail && subOf(byEmail, provider) === identity.sub) {
        // Created by a concurrent first sign-in between the two lookups.
        user = byEmail;
        await requireSecondFactor(db, config, user, body.totp);
      } else if (byEmail) {
        if (!identity.emailVerified) throw new ApiError("email_taken", "An account uses this address: sign in with its password.");
        if (subOf(byEmail, provider)) throw new ApiError("identity_link_conflict");
        // A verified account with two-factor proves the second factor before gaining a new way in.
        if (byEmail.emailVerifiedAt) await requireSecondFactor(db, config, byEmail, body.totp);
        user = await linkIdentity(c.env, db, provider, byEmail, identity.sub, clientInfo(c.req));
        outcome = "linked";
      } else {
        if (!identity.email) throw new ApiError("invalid_identity_token", `${label[provider]} did not share an email address; allow it and try again.`);
        const mailer = identity.emailVerified ? undefined : emailSender(config, c.env);
        try {
          user = await createUser(db, config, {
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
          if (mailer) await startSignupVerification(c.var.services, callerOf(config, c.req), db, mailer, { id: user.id, email: identity.email }, provider);
          else await recordSecurityEvent(db, { userId: user.id, type: "account_created", ...clientInfo(c.req), details: { method: provider } });
        }
      }
    } else {
      await requireSecondFactor(db, config, user, body.totp);
    }

    const signedIn = user;
    const [{ newDevice, ...tokens }, account] = await Promise.all([
      startSession(db, c.env, config, user.id, c.req.header("user-agent"), { type: "social_sign_in", client: clientInfo(c.req), details: { provider, outcome } }),
      userAccount(c.env, user.id).balance(user.id),
    ]);
    noticeNewDevice(c.var.services, callerOf(config, c.req), signedIn, newDevice);
    const profile = await toProfile(config, profileRecord(signedIn), account);
    return outcome === "created" ? c.json({ ...tokens, user: profile }, 201) : c.json({ ...tokens, user: profile }, 200);
  });
}

registerProvider("apple");
registerProvider("google");
