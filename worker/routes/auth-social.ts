// POST /v1/auth/apple and /v1/auth/google: sign in with an identity token from the app. One code
// path, parameterised by provider. The account is found by the provider's subject; failing that,
// linked by an address the provider verified; failing that, created (no password, one signup
// credit). Answers like /v1/auth/login (201 when the account was just created). The flow is
// accounts/social-sign-in.ts; here the contract, the per-network rate limit and the answer.
import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../context";
import { problemResponses } from "../errors";
import { clientIp, enforceRateLimit } from "../middleware/rate-limit";
import { callerOf } from "../accounts/account-mail";
import { identityLabel as label, signInWithIdentity } from "../accounts/social-sign-in";
import type { IdentityProvider as Provider } from "../accounts/user-store";
import { json, jsonMiddleware, jsonRequest, personName, secondFactorCode, sessionResponseSchema } from "./schemas";
import { defineRoute } from "./define-route";

export const authSocial = new OpenAPIHono<AppEnv>();

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

function registerProvider(provider: Provider) {
  authSocial.openapi(route(provider), async (c) => {
    await enforceRateLimit(c.env.AUTH_IP_LIMITER, `social:${clientIp(c.req)}`, "sign-in attempts from this network");
    const { created, ...signedIn } = await signInWithIdentity(c.var.services, callerOf(c.var.config, c.req), provider, c.req.valid("json"));
    return created ? c.json(signedIn, 201) : c.json(signedIn, 200);
  });
}

registerProvider("apple");
registerProvider("google");
