import { afterAll, describe, expect, it } from "vitest";
import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { analyticsEvents, creditLedger, refreshTokens, sessions, users } from "../worker/db/schema";
import { call, json, registerUser, testDatabase, type ResponseBody } from "./helpers";

const { db, close } = testDatabase();
afterAll(() => close());

describe("profile", () => {
  it("PATCH /v1/me updates and clears fields; the name stays encrypted", async () => {
    const user = await registerUser();
    const res = await call("/v1/me", {
      method: "PATCH",
      token: user.accessToken,
      body: { name: "Ana-María Núñez", gender: "woman", datingPreferences: { interestedIn: ["men"], ageMin: 28, ageMax: 40, platforms: ["hinge"] }, jobTitle: "Product designer" },
    });
    expect(res.status).toBe(200);
    expect(await json<ResponseBody<"/v1/me", "patch", 200>>(res)).toMatchObject({
      name: "Ana-María Núñez",
      age: null,
      gender: "woman",
      jobTitle: "Product designer",
      datingPreferences: { ageMin: 28 },
    });
    const [row] = await db.select().from(users).where(eq(users.id, user.id));
    expect(row!.nameEncrypted).not.toContain("Ana");
    const cleared = await json<ResponseBody<"/v1/me", "patch", 200>>(await call("/v1/me", { method: "PATCH", token: user.accessToken, body: { name: null, jobTitle: null } }));
    expect(cleared).toMatchObject({ name: null, jobTitle: null, gender: "woman" });
  });
});

describe("GDPR export", () => {
  it("returns everything held on the user, decrypted, and nothing of anyone else", async () => {
    const user = await registerUser({ name: "Export Me" });
    const other = await registerUser({ name: "Someone Else" });
    await db.insert(analyticsEvents).values({ userId: user.id, eventType: "app_opened", platform: "ios" });
    const res = await call("/v1/me/export", { token: user.accessToken });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain("attachment");
    const data = await json<ResponseBody<"/v1/me/export", "get", 200>>(res);
    expect(data.profile).toMatchObject({ id: user.id, email: user.email, name: "Export Me" });
    expect(data.creditLedger).toHaveLength(1);
    expect(data.sessions).toHaveLength(1);
    expect(data.analyticsEvents).toHaveLength(1);
    expect(JSON.stringify(data)).not.toContain(other.id);
    expect(JSON.stringify(data)).not.toContain("argon2id");
  });
});

describe("anonymous analytics from the same app session", () => {
  it("are part of the export and are erased with the account; other sessions' are not", async () => {
    const user = await registerUser();
    const mine = `sess-${crypto.randomUUID()}`;
    const someoneElse = `sess-${crypto.randomUUID()}`;
    await db.insert(analyticsEvents).values([
      { userId: null, sessionId: mine, eventType: "app_opened" }, // before signing in on this device
      { userId: user.id, sessionId: mine, eventType: "photo_uploaded" },
      { userId: null, sessionId: someoneElse, eventType: "app_opened" },
    ]);
    const exported = await json<ResponseBody<"/v1/me/export", "get", 200>>(await call("/v1/me/export", { token: user.accessToken }));
    expect((exported.analyticsEvents as { eventType: string; sessionId: string }[]).map((e) => [e.sessionId, e.eventType])).toEqual(
      expect.arrayContaining([
        [mine, "app_opened"],
        [mine, "photo_uploaded"],
      ]),
    );
    expect(JSON.stringify(exported.analyticsEvents)).not.toContain(someoneElse);

    expect((await call("/v1/me", { method: "DELETE", token: user.accessToken, body: { password: user.password } })).status).toBe(204);
    expect(await db.select().from(analyticsEvents).where(eq(analyticsEvents.sessionId, mine))).toHaveLength(0);
    expect(await db.select().from(analyticsEvents).where(eq(analyticsEvents.sessionId, someoneElse))).toHaveLength(1);
  });
});

describe("erase", () => {
  it("deletes every row and every R2 object of the user, and nothing of anyone else", async () => {
    const user = await registerUser();
    const other = await registerUser();
    await db.insert(analyticsEvents).values({ userId: user.id, eventType: "app_opened" });
    const keys = [`users/${user.id}/photos/a.jpg`, `users/${user.id}/photos/a.thumb.webp`, `users/${user.id}/headshots/g1/1.jpg`];
    for (const key of keys) await env.PHOTOS.put(key, "bytes");
    await env.PHOTOS.put(`users/${other.id}/photos/b.jpg`, "bytes");

    const res = await call("/v1/me", { method: "DELETE", token: user.accessToken, body: { password: user.password } });
    expect(res.status).toBe(204);

    expect((await env.PHOTOS.list({ prefix: `users/${user.id}/` })).objects).toHaveLength(0);
    expect(await env.PHOTOS.head(`users/${other.id}/photos/b.jpg`)).not.toBeNull();
    for (const [table, col] of [
      [users, users.id],
      [sessions, sessions.userId],
      [refreshTokens, refreshTokens.userId],
      [creditLedger, creditLedger.userId],
      [analyticsEvents, analyticsEvents.userId],
    ] as const) {
      expect(await db.select().from(table).where(eq(col, user.id))).toHaveLength(0);
    }
    // The erased user's tokens stop working.
    expect((await call("/v1/me", { token: user.accessToken })).status).toBe(404);
    expect((await call("/v1/auth/refresh", { body: { refreshToken: user.refreshToken } })).status).toBe(401);
    expect((await call("/v1/auth/login", { body: { email: user.email, password: user.password } })).status).toBe(401);
    // The other user is untouched.
    expect((await call("/v1/me", { token: other.accessToken })).status).toBe(200);
  });

  it("erases more than one page of objects", async () => {
    const user = await registerUser();
    await Promise.all(Array.from({ length: 1005 }, (_, i) => env.PHOTOS.put(`users/${user.id}/p/${i}`, "x")));
    expect((await call("/v1/me", { method: "DELETE", token: user.accessToken, body: { password: user.password } })).status).toBe(204);
    expect((await env.PHOTOS.list({ prefix: `users/${user.id}/` })).objects).toHaveLength(0);
  });
});
