// Sign in with Apple / Google: identity tokens signed by locally generated RS256 / ES256 keys,
// published by the JWKS stand-in (test/stand-ins/apple-jwks.ts) and verified by the Worker with
// jose against that endpoint, exactly as against appleid.apple.com / googleapis.com.
import { afterAll, describe, expect, it } from "vitest";
import { env } from "cloudflare:test";
import { SignJWT, generateKeyPair } from "jose";
import { eq } from "drizzle-orm";
import { creditLedger, sessions, users } from "../worker/db/schema";
import { sha256Hex } from "../worker/security/encoding";
import { base32Decode, hotp, timeStep } from "../worker/security/totp";
import { call, callSettled, json, registerUser, testDatabase, uniqueEmail, type ResponseBody, type Problem, type Schemas } from "./helpers";

const { db, close } = testDatabase();
afterAll(() => close());

type Provider = "apple" | "google";
type Alg = "RS256" | "ES256";

const identityProvider = new URL(env.APPLE_JWKS_URL!).origin;
const now = () => Math.floor(Date.now() / 1000);
const newSub = () => `001${Math.floor(Math.random() * 1e6)}.${crypto.randomUUID().replace(/-/g, "")}.0${Math.floor(Math.random() * 1e3)}`;
const newNonce = () => crypto.randomUUID();

/** Signed by the stand-in's own key for the provider (the private keys stay in the stand-in). */
async function sign(provider: Provider, claims: Record<string, unknown>, opts: { alg?: Alg; kid?: string } = {}): Promise<{ token: string; kid: string }> {
  const res = await fetch(`${identityProvider}/__sign`, { method: "POST", body: JSON.stringify({ provider, alg: opts.alg ?? "RS256", kid: opts.kid, claims }) });
  if (!res.ok) throw new Error(`signing failed: ${await res.text()}`);
  return res.json<{ token: string; kid: string }>();
}

async function appleClaims(nonce: string, over: Record<string, unknown> = {}) {
  return {
    iss: "https://appleid.apple.com",
    aud: "app.firstlook.dating",
    sub: newSub(),
    iat: now(),
    exp: now() + 600,
    auth_time: now(),
    nonce: await sha256Hex(nonce),
    nonce_supported: true,
    email: uniqueEmail("apple"),
    email_verified: "true",
    is_private_email: "false",
    ...over,
  };
}

function googleClaims(nonce: string, over: Record<string, unknown> = {}) {
  return {
    iss: "accounts.google.com",
    aud: "firstlook-web.apps.googleusercontent.com",
    azp: "firstlook-web.apps.googleusercontent.com",
    sub: String(Math.floor(Math.random() * 1e15)),
    iat: now(),
    exp: now() + 600,
    nonce,
    email: uniqueEmail("google"),
    email_verified: true,
    ...over,
  };
}

const signIn = (provider: Provider, body: Record<string, unknown>, headers: Record<string, string> = {}) => callSettled(`/v1/auth/${provider}`, { body, headers });

const problem = async (res: Response) => {
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  return json<Problem>(res);
};

const userRow = async (id: string) => (await db.select().from(users).where(eq(users.id, id)))[0]!;

describe("Sign in with Apple", () => {
  it("creates an account on first sign-in (no password, verified email, one credit), then signs in to it", async () => {
    const nonce = newNonce();
    const claims = await appleClaims(nonce);
    const { token } = await sign("apple", claims);
    const res = await signIn("apple", { identityToken: token, nonce, name: "Zoë Apple" });
    expect(res.status).toBe(201);
    const body = await json<Schemas["SessionResponse"]>(res);
    expect(body).toMatchObject({ tokenType: "Bearer", refreshToken: expect.stringMatching(/^rt_/) });
    expect(body.user).toMatchObject({ email: claims.email, name: "Zoë Apple", emailVerified: true, credits: 1 });
    const row = await userRow(body.user.id);
    expect(row).toMatchObject({ appleSub: claims.sub, passwordHash: null });
    expect(await db.select().from(creditLedger).where(eq(creditLedger.userId, row.id))).toMatchObject([{ delta: 1, reason: "signup_bonus" }]);
    expect((await call("/v1/me", { token: body.accessToken })).status).toBe(200);

    // Apple shares the email (and never the name) again later; the subject finds the account.
    const nonce2 = newNonce();
    const again = await signIn("apple", { identityToken: (await sign("apple", { ...claims, nonce: await sha256Hex(nonce2), iat: now() })).token, nonce: nonce2 });
    expect(again.status).toBe(200);
    expect((await json<Schemas["SessionResponse"]>(again)).user.id).toBe(row.id);
    // There is no password to sign in with.
    expect((await callSettled("/v1/auth/login", { body: { email: claims.email, password: "anything at all" } })).status).toBe(401);
    const events = (await json<ResponseBody<"/v1/me/security-events", "get", 200>>(await call("/v1/me/security-events", { token: body.accessToken }))).items;
    expect(events.map((e: { type: string }) => e.type)).toEqual(["login_failed", "social_sign_in", "social_sign_in", "account_created"]);
    expect(events[2]!.details).toEqual({ provider: "apple", outcome: "created" });
    expect(events[3]!.details).toEqual({ method: "apple" });
  });

  it("accepts ES256 keys and every configured client id (both apps and the web)", async () => {
    for (const aud of ["app.firstlook.headshots", "app.firstlook.web"]) {
      const nonce = newNonce();
      const { token } = await sign("apple", await appleClaims(nonce, { aud }), { alg: "ES256" });
      expect((await signIn("apple", { identityToken: token, nonce })).status).toBe(201);
    }
  });

  it("links to an existing account by a verified email, keeping its password", async () => {
    const user = await registerUser();
    await db.update(users).set({ emailVerifiedAt: new Date() }).where(eq(users.id, user.id));
    const nonce = newNonce();
    const claims = await appleClaims(nonce, { email: user.email });
    const res = await signIn("apple", { identityToken: (await sign("apple", claims)).token, nonce });
    expect(res.status).toBe(200);
    expect((await json<Schemas["SessionResponse"]>(res)).user.id).toBe(user.id);
    expect((await userRow(user.id)).appleSub).toBe(claims.sub);
    expect((await call("/v1/auth/login", { body: { email: user.email, password: user.password } })).status).toBe(200);
    expect((await call("/v1/auth/refresh", { body: { refreshToken: user.refreshToken } })).status).toBe(200);
    const types = (await json<ResponseBody<"/v1/me/security-events", "get", 200>>(await call("/v1/me/security-events", { token: user.accessToken }))).items.map(
      (e: { type: string }) => e.type,
    );
    expect(types).toContain("social_account_linked");
  });

  it("linking to an account whose address we never verified clears its password and signs it out (pre-hijacking)", async () => {
    // Someone registered the victim's address first, with a password of their choosing.
    const squatter = await registerUser();
    const nonce = newNonce();
    const res = await signIn("apple", { identityToken: (await sign("apple", await appleClaims(nonce, { email: squatter.email }))).token, nonce });
    expect(res.status).toBe(200);
    const body = await json<Schemas["SessionResponse"]>(res);
    expect(body.user).toMatchObject({ id: squatter.id, emailVerified: true });
    expect((await userRow(squatter.id)).passwordHash).toBeNull();
    expect((await call("/v1/auth/login", { body: { email: squatter.email, password: squatter.password } })).status).toBe(401);
    expect((await call("/v1/auth/refresh", { body: { refreshToken: squatter.refreshToken } })).status).toBe(401);
    expect((await call("/v1/auth/refresh", { body: { refreshToken: body.refreshToken } })).status).toBe(200);
  });

  it("does not link by an address Apple has not verified", async () => {
    const user = await registerUser();
    const nonce = newNonce();
    const res = await signIn("apple", { identityToken: (await sign("apple", await appleClaims(nonce, { email: user.email, email_verified: "false" }))).token, nonce });
    expect(res.status).toBe(409);
    expect((await problem(res)).code).toBe("email_taken");
    expect((await userRow(user.id)).appleSub).toBeNull();
  });

  it("refuses to link an account already linked to another Apple ID", async () => {
    const nonce = newNonce();
    const first = await appleClaims(nonce);
    await signIn("apple", { identityToken: (await sign("apple", first)).token, nonce });
    const nonce2 = newNonce();
    const res = await signIn("apple", { identityToken: (await sign("apple", await appleClaims(nonce2, { email: first.email }))).token, nonce: nonce2 });
    expect(res.status).toBe(409);
    expect((await problem(res)).code).toBe("identity_link_conflict");
  });

  it("asks for the authenticator code when two-factor is on", async () => {
    const nonce = newNonce();
    const claims = await appleClaims(nonce);
    const created = await json<Schemas["SessionResponse"]>(await signIn("apple", { identityToken: (await sign("apple", claims)).token, nonce }));
    const enrol = await json<ResponseBody<"/v1/me/totp", "post", 200>>(await call("/v1/me/totp", { method: "POST", token: created.accessToken }));
    const code = (offset: number) => hotp(base32Decode(enrol.secret), timeStep(Date.now() / 1000) + offset);
    expect((await call("/v1/me/totp/confirm", { token: created.accessToken, body: { code: await code(-1) } })).status).toBe(200);

    const again = async (totp?: string) => {
      const n = newNonce();
      return signIn("apple", { identityToken: (await sign("apple", { ...claims, nonce: await sha256Hex(n) })).token, nonce: n, ...(totp ? { totp } : {}) });
    };
    expect((await problem(await again())).code).toBe("totp_required");
    expect((await problem(await again("000000"))).code).toBe("totp_invalid");
    expect((await again(await code(0))).status).toBe(200);
  });

  it("creates one account when the first sign-in arrives twice at once", async () => {
    const nonce = newNonce();
    const claims = await appleClaims(nonce);
    const { token } = await sign("apple", claims);
    const results = await Promise.all([1, 2, 3].map(() => signIn("apple", { identityToken: token, nonce })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 201]);
    expect(await db.select().from(users).where(eq(users.appleSub, claims.sub))).toHaveLength(1);
  });

  it("answers 404 when Sign in with Apple is not configured", async () => {
    const nonce = newNonce();
    const res = await callSettled("/v1/auth/apple", { body: { identityToken: (await sign("apple", await appleClaims(nonce))).token, nonce } }, { APPLE_CLIENT_IDS: undefined });
    expect(res.status).toBe(404);
  });
});

describe("tampered or misused Apple tokens", () => {
  /** 401 invalid_identity_token, and no account holds the token's subject. */
  async function expectRefused(token: string, nonce: string, sub?: string) {
    const res = await signIn("apple", { identityToken: token, nonce });
    expect(res.status).toBe(401);
    expect((await problem(res)).code).toBe("invalid_identity_token");
    if (sub) expect(await db.select().from(users).where(eq(users.appleSub, sub))).toHaveLength(0);
  }

  it("refuses a token for another app (audience)", async () => {
    const nonce = newNonce();
    await expectRefused((await sign("apple", await appleClaims(nonce, { aud: "com.someone.else" }))).token, nonce);
  });

  it("refuses an expired token", async () => {
    const nonce = newNonce();
    await expectRefused((await sign("apple", await appleClaims(nonce, { iat: now() - 7200, exp: now() - 3600 }))).token, nonce);
  });

  it("refuses a token signed by another key, with Apple's key id or an unknown one", async () => {
    const nonce = newNonce();
    const claims = await appleClaims(nonce);
    const { kid } = await sign("apple", claims);
    const { privateKey } = await generateKeyPair("RS256");
    for (const k of [kid, "not-a-published-kid"]) {
      await expectRefused(await new SignJWT(claims).setProtectedHeader({ alg: "RS256", kid: k }).sign(privateKey), nonce, claims.sub);
    }
  });

  it("refuses a wrong nonce, and the raw nonce where Apple puts its hash", async () => {
    const nonce = newNonce();
    const claims = await appleClaims(nonce);
    const { token } = await sign("apple", claims);
    await expectRefused(token, newNonce(), claims.sub);
    await expectRefused((await sign("apple", { ...claims, nonce })).token, nonce, claims.sub);
    const { nonce: _, ...withoutNonce } = claims;
    await expectRefused((await sign("apple", withoutNonce)).token, nonce, claims.sub);
  });

  it("refuses another issuer (a Google token sent to the Apple endpoint, or a look-alike)", async () => {
    const nonce = newNonce();
    await expectRefused((await sign("apple", await appleClaims(nonce, { iss: "https://appleid.apple.com.evil.example" }))).token, nonce);
    await expectRefused((await sign("google", googleClaims(nonce, { aud: "app.firstlook.dating" }))).token, nonce);
  });

  it("refuses a token with the signature stripped or the payload edited", async () => {
    const nonce = newNonce();
    const claims = await appleClaims(nonce);
    const { token } = await sign("apple", claims);
    const [h, p] = token.split(".");
    const unsigned = `${btoa(JSON.stringify({ alg: "none" })).replace(/=+$/, "")}.${p}.`;
    await expectRefused(unsigned, nonce, claims.sub);
    const edited = btoa(JSON.stringify({ ...claims, sub: "someone-else" }))
      .replace(/=+$/, "")
      .replace(/\+/g, "-")
      .replace(/\//g, "_");
    await expectRefused(`${h}.${edited}.${token.split(".")[2]}`, nonce);
  });

  it("refuses a token without an email when no account exists yet", async () => {
    const nonce = newNonce();
    const { email: _, email_verified: __, ...claims } = await appleClaims(nonce);
    await expectRefused((await sign("apple", claims)).token, nonce, claims.sub);
  });
});

describe("Sign in with Google", () => {
  it("creates and signs in through the same path (raw nonce, either issuer spelling)", async () => {
    const nonce = newNonce();
    const claims = googleClaims(nonce);
    const created = await signIn("google", { identityToken: (await sign("google", claims)).token, nonce });
    expect(created.status).toBe(201);
    const body = await json<Schemas["SessionResponse"]>(created);
    expect(body.user).toMatchObject({ email: claims.email, emailVerified: true });
    expect((await userRow(body.user.id)).googleSub).toBe(claims.sub);
    const again = await signIn("google", { identityToken: (await sign("google", { ...claims, iss: "https://accounts.google.com" }, { alg: "ES256" })).token, nonce });
    expect(again.status).toBe(200);
    expect((await json<Schemas["SessionResponse"]>(again)).user.id).toBe(body.user.id);
  });

  it("refuses a hashed nonce, an Apple token and a wrong audience", async () => {
    const nonce = newNonce();
    for (const token of [
      (await sign("google", googleClaims(nonce, { nonce: await sha256Hex(nonce) }))).token,
      (await sign("apple", await appleClaims(nonce, { aud: "firstlook-web.apps.googleusercontent.com", nonce }))).token,
      (await sign("google", googleClaims(nonce, { aud: "someone-else.apps.googleusercontent.com" }))).token,
    ]) {
      const res = await signIn("google", { identityToken: token, nonce });
      expect((await problem(res)).code).toBe("invalid_identity_token");
    }
  });

  it("creates an unverified account when Google does not vouch for the address, and mails a verification link", async () => {
    const nonce = newNonce();
    const claims = googleClaims(nonce, { email_verified: false });
    const res = await signIn("google", { identityToken: (await sign("google", claims)).token, nonce });
    expect(res.status).toBe(201);
    expect((await json<Schemas["SessionResponse"]>(res)).user.emailVerified).toBe(false);
    const mail = await json<ResponseBody<"/dev/mailbox", "get", 200>>(await call(`/dev/mailbox?to=${encodeURIComponent(claims.email)}`));
    expect(mail.messages.map((m: { subject: string }) => m.subject)).toEqual(["Confirm your email address"]);
  });

  it("starts a session like a login (the new session is live)", async () => {
    const nonce = newNonce();
    const body = await json<Schemas["SessionResponse"]>(
      await signIn("google", { identityToken: (await sign("google", googleClaims(nonce))).token, nonce }, { "user-agent": "Firstlook/1.4 (Android 16)" }),
    );
    const [session] = await db.select().from(sessions).where(eq(sessions.id, body.sessionId));
    expect(session).toMatchObject({ userId: body.user.id, userAgent: "Firstlook/1.4 (Android 16)", revokedAt: null });
  });
});
