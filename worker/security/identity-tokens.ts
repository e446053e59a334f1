// Identity tokens from Sign in with Apple and Sign in with Google: JWTs verified with jose
// against the provider's published keys (fetched once and cached per isolate), with the issuer,
// our client ids as audience, expiry, and the nonce the app generated for this sign-in (Apple
// echoes its SHA-256 in hex, Google echoes it as is), so a token captured elsewhere cannot be
// replayed here.
import { createRemoteJWKSet, errors, jwtVerify } from "jose";
import { bytesEqual, sha256Hex, utf8 } from "./encoding";

export interface IdentityProviderSettings {
  name: "apple" | "google";
  issuers: string[];
  /** Our client ids (bundle ids, service ids, OAuth client ids). */
  audiences: string[];
  jwksUrl: string;
  nonce: "sha256-hex" | "raw";
}

export interface VerifiedIdentity {
  sub: string;
  email: string | null;
  /** The provider vouches for the address (`email_verified`, which Apple may send as "true"). */
  emailVerified: boolean;
}

/** The token is not valid for us: forged, expired, for another app, or replayed. */
export class IdentityTokenInvalid extends Error {}
/** The provider's keys could not be fetched: nothing is known about the token. */
export class IdentityProviderUnavailable extends Error {}

const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
function keySet(url: string) {
  let set = keySets.get(url);
  if (!set) keySets.set(url, (set = createRemoteJWKSet(new URL(url), { timeoutDuration: 5_000, cooldownDuration: 30_000, cacheMaxAge: 600_000 })));
  return set;
}

const INVALID_TOKEN_CODES = new Set([
  "ERR_JWT_EXPIRED",
  "ERR_JWT_CLAIM_VALIDATION_FAILED",
  "ERR_JWT_INVALID",
  "ERR_JWS_INVALID",
  "ERR_JWS_SIGNATURE_VERIFICATION_FAILED",
  "ERR_JWKS_NO_MATCHING_KEY",
  "ERR_JWKS_MULTIPLE_MATCHING_KEYS",
  "ERR_JOSE_ALG_NOT_ALLOWED",
  "ERR_JOSE_NOT_SUPPORTED",
]);

export async function verifyIdentityToken(p: IdentityProviderSettings, token: string, rawNonce: string): Promise<VerifiedIdentity> {
  let payload;
  try {
    ({ payload } = await jwtVerify(token, keySet(p.jwksUrl), {
      issuer: p.issuers,
      audience: p.audiences,
      algorithms: ["RS256", "ES256"],
      requiredClaims: ["sub", "iat", "exp", "nonce"],
      clockTolerance: 30,
    }));
  } catch (err) {
    if (err instanceof errors.JOSEError && INVALID_TOKEN_CODES.has(err.code)) throw new IdentityTokenInvalid(err.message, { cause: err });
    throw new IdentityProviderUnavailable(`${p.name} keys unavailable`, { cause: err });
  }
  const expected = p.nonce === "sha256-hex" ? await sha256Hex(rawNonce) : rawNonce;
  if (typeof payload.nonce !== "string" || !bytesEqual(utf8(payload.nonce), utf8(expected))) throw new IdentityTokenInvalid("nonce mismatch");
  if (typeof payload.sub !== "string" || !payload.sub) throw new IdentityTokenInvalid("no subject");
  const email = typeof payload.email === "string" && payload.email.includes("@") ? payload.email : null;
  const verified = payload.email_verified === true || payload.email_verified === "true";
  return { sub: payload.sub, email, emailVerified: email !== null && verified };
}
