// A local stand-in for the identity providers' published signing keys: Apple's JWKS
// (GET /auth/keys, as at appleid.apple.com) and Google's (GET /oauth2/v3/certs). Each provider
// has an RS256 and an ES256 key generated at start-up; only public keys are served.
// Tests get identity tokens from POST /__sign {provider, alg?, kid?, claims} (the private keys
// never leave this process), so the Worker verifies real signatures against real JWKS.
import http from "node:http";
import { SignJWT, exportJWK, generateKeyPair, type JWK } from "jose";

type Provider = "apple" | "google";
type Alg = "RS256" | "ES256";

interface SigningKey {
  kid: string;
  alg: Alg;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

async function makeKey(provider: Provider, alg: Alg): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const kid = `${provider}-${alg.toLowerCase()}-${Math.random().toString(36).slice(2, 8)}`;
  return { kid, alg, privateKey: privateKey as CryptoKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: "sig" } };
}

const PATHS: Record<Provider, string> = { apple: "/auth/keys", google: "/oauth2/v3/certs" };

export async function startAppleJwksStandIn(): Promise<{ url: string; appleJwksUrl: string; googleJwksUrl: string; close(): Promise<void> }> {
  const keys: Record<Provider, SigningKey[]> = {
    apple: [await makeKey("apple", "RS256"), await makeKey("apple", "ES256")],
    google: [await makeKey("google", "RS256"), await makeKey("google", "ES256")],
  };
  const fetches: Record<Provider, number> = { apple: 0, google: 0 };

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { "content-type": "application/json", "cache-control": "public, max-age=3600" });
      res.end(typeof payload === "string" ? payload : JSON.stringify(payload));
    };
    for (const provider of ["apple", "google"] as const) {
      if (req.method === "GET" && req.url === PATHS[provider]) {
        fetches[provider]++;
        return send(200, { keys: keys[provider].map((k) => k.publicJwk) });
      }
    }
    if (req.method === "GET" && req.url === "/__fetches") return send(200, fetches);
    if (req.method === "POST" && req.url === "/__sign") {
      const {
        provider,
        alg = "RS256",
        kid,
        claims,
      } = JSON.parse(Buffer.concat(chunks).toString()) as {
        provider: Provider;
        alg?: Alg;
        kid?: string;
        claims: Record<string, unknown>;
      };
      const key = keys[provider]?.find((k) => k.alg === alg);
      if (!key) return send(400, { error: `no ${alg} key for ${provider}` });
      const token = await new SignJWT(claims).setProtectedHeader({ alg, kid: kid ?? key.kid }).sign(key.privateKey);
      return send(200, { token, kid: key.kid });
    }
    send(404, { error: `Unknown route ${req.method} ${req.url}` });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    url,
    appleJwksUrl: `${url}${PATHS.apple}`,
    googleJwksUrl: `${url}${PATHS.google}`,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
