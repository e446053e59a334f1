// Access tokens: short-lived ES256 JWTs signed with jose; every key has a kid and all public
// keys are published at /.well-known/jwks.json so a key can be rotated without logging anyone out.
// Refresh tokens: 32 random bytes, opaque, stored only as a SHA-256 hash.
import { SignJWT, createLocalJWKSet, importJWK, jwtVerify, type JSONWebKeySet, type JWK } from "jose";
import { randomBytes, sha256Hex, toBase64Url } from "./encoding";

export const AUDIENCE = "firstlook-api";

export interface SigningKeys {
  kid: string;
  privateKey: CryptoKey;
  jwks: JSONWebKeySet;
  verifyKeys: ReturnType<typeof createLocalJWKSet>;
}

const cache = new Map<string, Promise<SigningKeys>>();

/** Imports the key ring once per isolate. */
export function loadSigningKeys(raw: string, keys: (JWK & { kid: string })[]): Promise<SigningKeys> {
  let hit = cache.get(raw);
  if (!hit) {
    hit = (async () => {
      const publicKeys = keys.map(({ d: _d, ...pub }) => ({ ...pub, alg: "ES256", use: "sig" }));
      const jwks = { keys: publicKeys };
      return {
        kid: keys[0]!.kid,
        privateKey: (await importJWK({ ...keys[0]!, alg: "ES256" }, "ES256")) as CryptoKey,
        jwks,
        verifyKeys: createLocalJWKSet(jwks),
      };
    })();
    cache.set(raw, hit);
  }
  return hit;
}

export interface AccessClaims {
  userId: string;
  sessionId: string;
}

export async function signAccessToken(keys: SigningKeys, issuer: string, ttlSeconds: number, claims: AccessClaims): Promise<string> {
  return new SignJWT({ sid: claims.sessionId })
    .setProtectedHeader({ alg: "ES256", kid: keys.kid, typ: "at+jwt" })
    .setSubject(claims.userId)
    .setIssuer(issuer)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .setJti(crypto.randomUUID())
    .sign(keys.privateKey);
}

/** Verifies signature (ES256 only: `none` and HS256-with-the-public-key are refused), issuer,
 * audience and expiry. Throws on any failure. */
export async function verifyAccessToken(keys: SigningKeys, issuer: string, token: string): Promise<AccessClaims> {
  const { payload } = await jwtVerify(token, keys.verifyKeys, {
    algorithms: ["ES256"],
    issuer,
    audience: AUDIENCE,
    typ: "at+jwt",
    requiredClaims: ["sub", "exp", "iat"],
  });
  if (typeof payload.sub !== "string" || typeof payload.sid !== "string") throw new Error("missing claims");
  return { userId: payload.sub, sessionId: payload.sid };
}

export function newRefreshToken(): string {
  return `rt_${toBase64Url(randomBytes(32))}`;
}

export const hashRefreshToken = (token: string) => sha256Hex(token);
