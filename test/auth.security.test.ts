import { afterAll, describe, expect, it } from "vitest";
import { env } from "cloudflare:test";
import { SignJWT, UnsecuredJWT, base64url, importJWK } from "jose";
import { count, eq } from "drizzle-orm";
import { sessions, users } from "../worker/db/schema";
import { base32Decode, hotp, timeStep } from "../worker/security/totp";
import { emailBlindIndex } from "../worker/security/field-crypto";
import { call, json, registerUser, testDatabase, uniqueEmail, uniqueIp, type ResponseBody, type Problem } from "./helpers";

const { db, close } = testDatabase();
afterAll(() => close());

const problem = async (res: Response) => {
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  return json<Problem>(res);
};

describe("credentials", () => {
  it("rejects a wrong password and an unknown email with the same answer", async () => {
    const user = await registerUser();
    const wrong = await call("/v1/auth/login", { body: { email: user.email, password: "not the password" } });
    const unknown = await call("/v1/auth/login", { body: { email: uniqueEmail("ghost"), password: "not the password" } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const a = await problem(wrong);
    const b = await problem(unknown);
    expect(a.code).toBe("invalid_credentials");
    expect({ ...a, requestId: undefined }).toEqual({ ...b, requestId: undefined });
  });

  it("refuses a duplicate email in another letter case, and writes nothing", async () => {
    const email = uniqueEmail("dup");
    await registerUser({ email });
    const res = await call("/v1/auth/register", { body: { email: email.toUpperCase(), password: "another password 1" } });
    expect(res.status).toBe(409);
    expect((await problem(res)).code).toBe("email_taken");
    const index = await emailBlindIndex(env.EMAIL_INDEX_KEY!, email);
    expect(await db.select({ n: count() }).from(users).where(eq(users.emailIndex, index))).toEqual([{ n: 1 }]);
  });

  it("treats SQL in the password as a password", async () => {
    const user = await registerUser({ password: "' OR '1'='1'; DROP TABLE users; --" });
    const ok = await call("/v1/auth/login", { body: { email: user.email, password: "' OR '1'='1'; DROP TABLE users; --" } });
    expect(ok.status).toBe(200);
    const bad = await call("/v1/auth/login", { body: { email: user.email, password: "' OR '1'='1" } });
    expect(bad.status).toBe(401);
  });
});

describe("refresh tokens", () => {
  it("reusing a rotated refresh token revokes the whole family", async () => {
    const user = await registerUser();
    const rotated = await json<ResponseBody<"/v1/auth/refresh", "post", 200>>(await call("/v1/auth/refresh", { body: { refreshToken: user.refreshToken } }));
    // An attacker replays the old token:
    const replay = await call("/v1/auth/refresh", { body: { refreshToken: user.refreshToken } });
    expect(replay.status).toBe(401);
    expect((await problem(replay)).code).toBe("refresh_token_reused");
    // ...and the legitimate holder's newer token is dead too.
    const legit = await call("/v1/auth/refresh", { body: { refreshToken: rotated.refreshToken } });
    expect(legit.status).toBe(401);
    const [session] = await db.select().from(sessions).where(eq(sessions.id, user.sessionId));
    expect(session!.revokedReason).toBe("refresh_token_reuse");
  });

  it("a refresh token can be redeemed once even when sent concurrently", async () => {
    const user = await registerUser();
    const results = await Promise.all(Array.from({ length: 5 }, () => call("/v1/auth/refresh", { body: { refreshToken: user.refreshToken } })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
  });

  it("rejects unknown tokens", async () => {
    const res = await call("/v1/auth/refresh", { body: { refreshToken: "rt_not-a-real-token" } });
    expect(res.status).toBe(401);
    expect((await problem(res)).code).toBe("invalid_refresh_token");
  });

  it("refuses to log out with another user's refresh token, and revokes nothing", async () => {
    const alice = await registerUser();
    const bob = await registerUser();
    const res = await call("/v1/auth/logout", { token: alice.accessToken, body: { refreshToken: bob.refreshToken } });
    expect(res.status).toBe(401);
    expect((await problem(res)).code).toBe("invalid_refresh_token");
    expect((await call("/v1/auth/refresh", { body: { refreshToken: bob.refreshToken } })).status).toBe(200);
    const [aliceSession] = await db.select().from(sessions).where(eq(sessions.id, alice.sessionId));
    expect(aliceSession!.revokedAt).toBeNull();
  });
});

describe("access tokens", () => {
  const claims = (sub: string) => ({ sid: crypto.randomUUID(), sub, iss: env.JWT_ISSUER, aud: "firstlook-api" });

  async function expectRejected(token: string) {
    const res = await call("/v1/me", { token });
    expect(res.status).toBe(401);
    expect((await problem(res)).code).toBe("invalid_token");
    expect(res.headers.get("www-authenticate")).toContain("Bearer");
  }

  it("requires a token", async () => {
    const res = await call("/v1/me");
    expect(res.status).toBe(401);
    expect((await problem(res)).code).toBe("unauthenticated");
  });

  it("rejects alg=none", async () => {
    const user = await registerUser();
    await expectRejected(new UnsecuredJWT(claims(user.id)).setIssuedAt().setExpirationTime("5m").encode());
  });

  it("rejects HS256 signed with the public key (algorithm confusion)", async () => {
    const user = await registerUser();
    const jwks = await json<ResponseBody<"/.well-known/jwks.json", "get", 200>>(await call("/.well-known/jwks.json"));
    const secret = new TextEncoder().encode(JSON.stringify(jwks.keys[0]));
    const token = await new SignJWT(claims(user.id))
      .setProtectedHeader({ alg: "HS256", kid: jwks.keys[0]!.kid as string, typ: "at+jwt" })
      .setIssuedAt()
      .setExpirationTime("5m")
      .sign(secret);
    await expectRejected(token);
  });

  it("rejects a token signed by another key with our kid", async () => {
    const user = await registerUser();
    const jwks = await json<ResponseBody<"/.well-known/jwks.json", "get", 200>>(await call("/.well-known/jwks.json"));
    const { privateKey } = (await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"])) as CryptoKeyPair;
    const token = await new SignJWT(claims(user.id))
      .setProtectedHeader({ alg: "ES256", kid: jwks.keys[0]!.kid as string, typ: "at+jwt" })
      .setIssuedAt()
      .setExpirationTime("5m")
      .sign(privateKey);
    await expectRejected(token);
  });

  it("rejects expired tokens, wrong issuer, and a tampered payload", async () => {
    const user = await registerUser();
    const key = await importJWK(JSON.parse(env.JWT_SIGNING_KEYS!)[0], "ES256");
    const kid = JSON.parse(env.JWT_SIGNING_KEYS!)[0].kid;
    const sign = (c: Record<string, unknown>, exp: string | number) =>
      new SignJWT(c)
        .setProtectedHeader({ alg: "ES256", kid, typ: "at+jwt" })
        .setIssuedAt(Math.floor(Date.now() / 1000) - 3600)
        .setExpirationTime(exp)
        .sign(key);
    await expectRejected(await sign(claims(user.id), Math.floor(Date.now() / 1000) - 60));
    await expectRejected(await sign({ ...claims(user.id), iss: "https://evil.example" }, "1h"));
    const [h, p, s] = user.accessToken.split(".");
    const payload = JSON.parse(new TextDecoder().decode(base64url.decode(p!)));
    payload.sub = crypto.randomUUID();
    await expectRejected(`${h}.${base64url.encode(JSON.stringify(payload))}.${s}`);
  });

  it("rejects garbage in the Authorization header", async () => {
    const res = await call("/v1/me", { headers: { authorization: "Basic Zm9vOmJhcg==" } });
    expect(res.status).toBe(401);
    expect((await call("/v1/me", { token: "not.a.jwt" })).status).toBe(401);
  });
});

describe("rate limiting", () => {
  // The limiter counts in fixed 60 s windows. A window may roll over mid-test, so the tests
  // assert "at least `limit` attempts pass, then 429", within two windows' worth of attempts.
  async function attemptsUntilLimited(send: () => Promise<Response>, max: number) {
    for (let i = 0; i < max; i++) {
      const res = await send();
      if (res.status === 429) return { passed: i, limited: res };
      expect(res.status).toBe(401);
      await res.body?.cancel();
    }
    return { passed: max, limited: undefined };
  }

  it("limits login attempts per account with 429 and Retry-After, from any address", async () => {
    const user = await registerUser();
    const { passed, limited } = await attemptsUntilLimited(() => call("/v1/auth/login", { body: { email: user.email, password: "wrong password" }, ip: uniqueIp() }), 21);
    expect(passed).toBeGreaterThanOrEqual(10);
    expect(limited).toBeDefined();
    expect(limited!.headers.get("retry-after")).toBe("60");
    expect((await problem(limited!)).code).toBe("rate_limited");
  });

  it("limits requests per client address across accounts", async () => {
    const ip = uniqueIp();
    const { passed, limited } = await attemptsUntilLimited(() => call("/v1/auth/login", { body: { email: uniqueEmail("spray"), password: "whatever" }, ip }), 61);
    expect(passed).toBeGreaterThanOrEqual(30);
    expect(limited).toBeDefined();
  });
});

describe("two-factor (TOTP)", () => {
  const codeFor = async (secret: string, offsetSteps = 0) => hotp(base32Decode(secret), timeStep(Date.now() / 1000) + offsetSteps);

  it("enrols, confirms, then requires a single-use code at login, and disables", async () => {
    const user = await registerUser();
    const enrol = await json<ResponseBody<"/v1/me/totp", "post", 200>>(await call("/v1/me/totp", { method: "POST", token: user.accessToken }));
    expect(enrol.otpauthUri).toContain(`secret=${enrol.secret}`);
    expect((await call("/v1/me/totp/confirm", { token: user.accessToken, body: { code: "000000" } })).status).toBe(401);
    const confirm = await call("/v1/me/totp/confirm", { token: user.accessToken, body: { code: await codeFor(enrol.secret, -1) } });
    expect(confirm.status).toBe(200);
    expect((await json<ResponseBody<"/v1/me", "get", 200>>(await call("/v1/me", { token: user.accessToken }))).totpEnabled).toBe(true);

    const noCode = await call("/v1/auth/login", { body: { email: user.email, password: user.password } });
    expect((await problem(noCode)).code).toBe("totp_required");
    const wrong = await call("/v1/auth/login", { body: { email: user.email, password: user.password, totp: "123456" } });
    expect((await problem(wrong)).code).toBe("totp_invalid");

    const code = await codeFor(enrol.secret);
    const ok = await call("/v1/auth/login", { body: { email: user.email, password: user.password, totp: code } });
    expect(ok.status).toBe(200);
    const replay = await call("/v1/auth/login", { body: { email: user.email, password: user.password, totp: code } });
    expect((await problem(replay)).code).toBe("totp_invalid");

    const off = await call("/v1/me/totp/disable", { token: user.accessToken, body: { code: await codeFor(enrol.secret, 1) } });
    expect(off.status).toBe(200);
    expect((await call("/v1/auth/login", { body: { email: user.email, password: user.password } })).status).toBe(200);
  });

  it("recovery codes: issued once at confirm, each signs in once (any case or spacing), racing uses win once, and a new set replaces the old", async () => {
    const user = await registerUser();
    const enrol = await json<ResponseBody<"/v1/me/totp", "post", 200>>(await call("/v1/me/totp", { method: "POST", token: user.accessToken }));
    const confirmed = await json<ResponseBody<"/v1/me/totp/confirm", "post", 200>>(
      await call("/v1/me/totp/confirm", { token: user.accessToken, body: { code: await codeFor(enrol.secret) } }),
    );
    const codes: string[] = confirmed.recoveryCodes;
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[A-Z2-7]{5}-[A-Z2-7]{5}$/);
    // Only keyed hashes are stored.
    const [row] = await db.select().from(users).where(eq(users.id, user.id));
    expect(row!.totpRecoveryCodes).toHaveLength(10);
    expect(JSON.stringify(row!.totpRecoveryCodes)).not.toContain(codes[0]!.replace("-", ""));

    const login = (totp: string) => call("/v1/auth/login", { body: { email: user.email, password: user.password, totp } });
    expect((await login(` ${codes[0]!.toLowerCase().replace("-", " ")} `)).status).toBe(200);
    expect((await problem(await login(codes[0]!))).code).toBe("totp_invalid"); // used
    expect((await problem(await login("AAAAA-AAAAA"))).code).toBe("totp_invalid");

    // Two sign-ins racing with the same code: exactly one gets in.
    const raced = await Promise.all([login(codes[1]!), login(codes[1]!)]);
    expect(raced.map((r) => r.status).sort()).toEqual([200, 401]);

    // A new set: the old unused codes stop working, the new ones work.
    const fresh = await json<ResponseBody<"/v1/me/totp/recovery-codes", "post", 200>>(
      await call("/v1/me/totp/recovery-codes", { token: user.accessToken, body: { code: codes[2]! } }),
    );
    expect(fresh.recoveryCodes).toHaveLength(10);
    expect((await problem(await login(codes[3]!))).code).toBe("totp_invalid");
    expect((await login(fresh.recoveryCodes[0]!)).status).toBe(200);

    // Lost phone: a recovery code also turns two-factor off, and the codes go with it.
    expect((await call("/v1/me/totp/disable", { token: user.accessToken, body: { code: fresh.recoveryCodes[1] } })).status).toBe(200);
    const [after] = await db.select().from(users).where(eq(users.id, user.id));
    expect(after!.totpRecoveryCodes).toBeNull();
    expect((await call("/v1/auth/login", { body: { email: user.email, password: user.password } })).status).toBe(200);
  });

  it("recovery codes also unlock erase and email change, each once", async () => {
    const user = await registerUser();
    const enrol = await json<ResponseBody<"/v1/me/totp", "post", 200>>(await call("/v1/me/totp", { method: "POST", token: user.accessToken }));
    const { recoveryCodes: codes } = await json<ResponseBody<"/v1/me/totp/confirm", "post", 200>>(
      await call("/v1/me/totp/confirm", { token: user.accessToken, body: { code: await codeFor(enrol.secret) } }),
    );
    const change = (totp: string) => call("/v1/me/email", { token: user.accessToken, body: { newEmail: uniqueEmail("moved"), password: user.password, totp } });
    expect((await change(codes[0]!)).status).toBeLessThan(300);
    expect((await problem(await change(codes[0]!))).code).toBe("totp_invalid");
    expect((await call("/v1/me", { method: "DELETE", token: user.accessToken, body: { password: user.password, totp: codes[1] } })).status).toBe(204);
  });

  it("a wrong password never reveals whether a code is needed", async () => {
    const user = await registerUser();
    const enrol = await json<ResponseBody<"/v1/me/totp", "post", 200>>(await call("/v1/me/totp", { method: "POST", token: user.accessToken }));
    await call("/v1/me/totp/confirm", { token: user.accessToken, body: { code: await codeFor(enrol.secret) } });
    const res = await call("/v1/auth/login", { body: { email: user.email, password: "wrong password" } });
    expect((await problem(res)).code).toBe("invalid_credentials");
  });
});
