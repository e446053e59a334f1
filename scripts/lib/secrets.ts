// Fresh local secrets (dev, tests, benchmarks). Production secrets are set with
// `wrangler secret put`; these never leave the machine.
import { exportJWK, generateKeyPair } from "jose";
import { randomBytes } from "node:crypto";

export interface LocalSecrets {
  JWT_SIGNING_KEYS: string;
  FIELD_ENCRYPTION_KEYS: string;
  EMAIL_INDEX_KEY: string;
  URL_SIGNING_KEY: string;
}

export async function generateSigningKey(kid: string) {
  const { privateKey } = await generateKeyPair("ES256", { extractable: true });
  return { ...(await exportJWK(privateKey)), kid, alg: "ES256" };
}

export async function generateLocalSecrets(): Promise<LocalSecrets> {
  const kid = `dev-${randomBytes(3).toString("hex")}`;
  return {
    JWT_SIGNING_KEYS: JSON.stringify([await generateSigningKey(kid)]),
    FIELD_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString("base64")}`,
    EMAIL_INDEX_KEY: randomBytes(32).toString("base64"),
    URL_SIGNING_KEY: randomBytes(32).toString("base64"),
  };
}
