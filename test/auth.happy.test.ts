import { afterAll, describe, expect, it } from "vitest";
import { createLocalJWKSet, jwtVerify } from "jose";
import { eq } from "drizzle-orm";
import { creditLedger, users } from "../worker/db/schema";
import { api, bearer, call, json, registerUser, testDatabase, uniqueEmail, type ResponseBody } from "./helpers";

const { db, close } = testDatabase();
afterAll(() => close());

describe("register, log in, use, refresh, log out", () => {
  it("registers a user who starts with one free credit, recorded in the ledger", async () => {
    const email = uniqueEmail("new");
    const res = await call("/v1/auth/register", { body: { email, password: "correct horse battery", name: "Zoë O'Neill" } });
    expect(res.status).toBe(201);
    const body = await json<ResponseBody<"/v1/auth/register", "post", 201>>(res);
    expect(body.tokenType).toBe("Bearer");
    expect(body.user).toMatchObject({ email, name: "Zoë O'Neill", credits: 1, subscriptionTier: "credits", totpEnabled: false });
    const ledger = await db.select().from(creditLedger).where(eq(creditLedger.userId, body.user.id));
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({ delta: 1, reason: "signup_bonus", idempotencyKey: `signup:${body.user.id}` });
  });

  it("stores email and name encrypted, never in plaintext", async () => {
    const user = await registerUser({ name: "Plaintext Check" });
    const [row] = await db.select().from(users).where(eq(users.id, user.id));
    expect(row!.emailEncrypted).toMatch(/^v1\.k1\./);
    expect(row!.emailEncrypted).not.toContain(user.email.split("@")[0]);
    expect(row!.nameEncrypted).not.toContain("Plaintext");
    expect(row!.emailIndex).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it("logs in with any letter case of the email and reads /v1/me", async () => {
    const user = await registerUser();
    const login = await api.POST("/v1/auth/login", { body: { email: user.email.toUpperCase(), password: user.password } });
    expect(login.response.status).toBe(200);
    const { accessToken, user: profile } = login.data!;
    expect(profile.id).toBe(user.id);
    const me = await api.GET("/v1/me", { headers: bearer(accessToken) });
    expect(me.response.status).toBe(200);
    expect(me.data).toMatchObject({ id: user.id, email: user.email, credits: 1 });
  });

  it("issues ES256 access tokens that verify against the published JWKS", async () => {
    const user = await registerUser();
    const jwks = await json<ResponseBody<"/.well-known/jwks.json", "get", 200>>(await call("/.well-known/jwks.json"));
    expect(jwks.keys.length).toBeGreaterThan(0);
    for (const k of jwks.keys) expect(k.d).toBeUndefined();
    const { payload, protectedHeader } = await jwtVerify(user.accessToken, createLocalJWKSet(jwks), { audience: "firstlook-api" });
    expect(protectedHeader.alg).toBe("ES256");
    expect(protectedHeader.kid).toBe(jwks.keys[0]!.kid);
    expect(payload.sub).toBe(user.id);
    expect(payload.exp! - payload.iat!).toBe(900);
  });

  it("rotates the refresh token on every use", async () => {
    const user = await registerUser();
    const first = await json<ResponseBody<"/v1/auth/refresh", "post", 200>>(await call("/v1/auth/refresh", { body: { refreshToken: user.refreshToken } }));
    expect(first.refreshToken).not.toBe(user.refreshToken);
    expect(first.sessionId).toBe(user.sessionId);
    const second = await call("/v1/auth/refresh", { body: { refreshToken: first.refreshToken } });
    expect(second.status).toBe(200);
    const me = await call("/v1/me", { token: (await json<ResponseBody<"/v1/auth/refresh", "post", 200>>(second)).accessToken });
    expect(me.status).toBe(200);
  });

  it("logs out one session; other devices stay signed in", async () => {
    const user = await registerUser();
    const other = await json<ResponseBody<"/v1/auth/login", "post", 200>>(await call("/v1/auth/login", { body: { email: user.email, password: user.password } }));
    const out = await call("/v1/auth/logout", { token: user.accessToken, body: {} });
    expect(out.status).toBe(204);
    expect((await call("/v1/auth/refresh", { body: { refreshToken: user.refreshToken } })).status).toBe(401);
    expect((await call("/v1/auth/refresh", { body: { refreshToken: other.refreshToken } })).status).toBe(200);
  });

  it("logs out every device with allDevices", async () => {
    const user = await registerUser();
    const other = await json<ResponseBody<"/v1/auth/login", "post", 200>>(await call("/v1/auth/login", { body: { email: user.email, password: user.password } }));
    expect((await call("/v1/auth/logout", { token: user.accessToken, body: { allDevices: true } })).status).toBe(204);
    expect((await call("/v1/auth/refresh", { body: { refreshToken: user.refreshToken } })).status).toBe(401);
    expect((await call("/v1/auth/refresh", { body: { refreshToken: other.refreshToken } })).status).toBe(401);
  });
});
