// Bad input: each gets a 4xx problem+json with a stable code, no stack trace, nothing written.
import { afterAll, describe, expect, it } from "vitest";
import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { users } from "../worker/db/schema";
import { emailBlindIndex } from "../worker/security/field-crypto";
import { call, json, registerUser, testDatabase, uniqueEmail, type ResponseBody, type Problem } from "./helpers";

const { db, close } = testDatabase();
afterAll(() => close());

// Other test files run concurrently against the same database, so "nothing written" is checked
// per request: no account exists for any email the bad request carried.
const attempted: string[] = [];
const tracked = (email = uniqueEmail("bad")) => {
  attempted.push(email);
  return email;
};

async function expectNoAccounts() {
  for (const email of attempted.splice(0)) {
    const rows = await db
      .select({ id: users.id })
      .from(users)
      .where(eq(users.emailIndex, await emailBlindIndex(env.EMAIL_INDEX_KEY!, email)));
    expect(rows, email).toHaveLength(0);
  }
}

async function expectProblem(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  const text = await res.text();
  expect(text).not.toMatch(/\bat .+\.(ts|js):\d+/); // no stack frames
  const body = JSON.parse(text);
  expect(body).toMatchObject({ status, code, type: `https://firstlook.app/problems/${code}` });
  expect(body.requestId).toBe(res.headers.get("x-request-id"));
  await expectNoAccounts();
  return body;
}

const register = (body: unknown) => call("/v1/auth/register", { body });

describe("register with bad input", () => {
  it("malformed JSON", async () => {
    await expectProblem(await call("/v1/auth/register", { rawBody: '{"email": "a@b.co",', headers: { "content-type": "application/json" } }), 400, "malformed_json");
  });

  it("wrong content type", async () => {
    const body = `email=${tracked()}&password=correct+horse+battery`;
    await expectProblem(await call("/v1/auth/register", { rawBody: body, headers: { "content-type": "application/x-www-form-urlencoded" } }), 415, "unsupported_media_type");
    await expectProblem(await call("/v1/auth/register", { rawBody: "{}" }), 415, "unsupported_media_type");
  });

  it("oversized body", async () => {
    const huge = JSON.stringify({ email: tracked(), password: "x".repeat(100 * 1024) });
    await expectProblem(await call("/v1/auth/register", { rawBody: huge, headers: { "content-type": "application/json" } }), 413, "payload_too_large");
  });

  it("unknown fields", async () => {
    const body = await expectProblem(await register({ email: tracked(), password: "correct horse battery", isAdmin: true }), 400, "validation_failed");
    expect(body.errors[0].message).toContain("isAdmin");
  });

  it("invalid email, short password, listing every bad field", async () => {
    const body = await expectProblem(await register({ email: "not-an-email", password: "short" }), 400, "validation_failed");
    expect(body.errors.map((e: { path: string }) => e.path).sort()).toEqual(["email", "password"]);
  });

  it("HTML and SQL in the name", async () => {
    await expectProblem(await register({ email: tracked(), password: "correct horse battery", name: "<script>alert(1)</script>" }), 400, "validation_failed");
    await expectProblem(await register({ email: tracked(), password: "correct horse battery", name: "Robert'); DROP TABLE users;--" }), 400, "validation_failed");
  });

  it("overlong strings", async () => {
    await expectProblem(await register({ email: `${"a".repeat(250)}@example.com`, password: "correct horse battery" }), 400, "validation_failed");
    await expectProblem(await register({ email: tracked(), password: "p".repeat(257) }), 400, "validation_failed");
    await expectProblem(await register({ email: tracked(), password: "correct horse battery", name: "N".repeat(81) }), 400, "validation_failed");
  });

  it("wrong types and a non-object body", async () => {
    await expectProblem(await register({ email: 42, password: ["x"] }), 400, "validation_failed");
    await expectProblem(await register([1, 2, 3]), 400, "validation_failed");
    await expectProblem(await register(null), 400, "validation_failed");
  });
});

describe("other routes", () => {
  it("unknown route: 404 problem+json", async () => {
    const body = await expectProblem(await call("/v1/nope"), 404, "not_found");
    expect(body.detail).toContain("/v1/nope");
  });

  it("PATCH /v1/me rejects unknown fields, bad values and empty patches, and changes nothing", async () => {
    const user = await registerUser({ name: "Before Name" });
    for (const body of [{ role: "admin" }, { age: 12 }, { age: "thirty" }, {}, { gender: "<b>" }, { jobTitle: "<img src=x>" }, { datingPreferences: { ageMin: 40, ageMax: 30 } }]) {
      const res = await call("/v1/me", { method: "PATCH", token: user.accessToken, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((await json<Problem>(res)).code).toBe("validation_failed");
    }
    expect((await json<ResponseBody<"/v1/me", "get", 200>>(await call("/v1/me", { token: user.accessToken }))).name).toBe("Before Name");
  });

  it("DELETE /v1/me with a wrong password erases nothing", async () => {
    const user = await registerUser();
    const res = await call("/v1/me", { method: "DELETE", token: user.accessToken, body: { password: "wrong password" } });
    expect(res.status).toBe(401);
    expect((await call("/v1/me", { token: user.accessToken })).status).toBe(200);
  });
});
