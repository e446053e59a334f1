// The 18+ age gate: the age arithmetic alone (leap days, UTC), the date of birth on the profile,
// and requireAdult in front of every /v1/dating/* route.
import { describe, expect, it } from "vitest";
import { ADULT_AGE, ageGateRefusal, ageInYears, isAdult, parseIsoDate, utcToday } from "../worker/domain/age";
import { call, json, registerUser, type ResponseBody, type Problem } from "./helpers";

const at = (iso: string) => new Date(iso);

describe("ageInYears", () => {
  it("counts completed years, turning older on the birthday itself", () => {
    expect(ageInYears("2000-06-15", at("2018-06-14T23:59:59Z"))).toBe(17);
    expect(ageInYears("2000-06-15", at("2018-06-15T00:00:00Z"))).toBe(18);
    expect(ageInYears("2000-06-15", at("2018-12-31T12:00:00Z"))).toBe(18);
    expect(ageInYears("2000-12-31", at("2019-01-01T00:00:00Z"))).toBe(18);
    expect(ageInYears("2001-01-01", at("2018-12-31T23:59:59Z"))).toBe(17);
  });

  it("counts a 29 February birthday from 1 March in common years, on the day in leap years", () => {
    expect(ageInYears("2008-02-29", at("2026-02-28T12:00:00Z"))).toBe(17);
    expect(ageInYears("2008-02-29", at("2026-03-01T00:00:00Z"))).toBe(18);
    expect(ageInYears("2010-02-28", at("2028-02-28T00:00:00Z"))).toBe(18);
    expect(ageInYears("2010-03-01", at("2028-02-29T23:00:00Z"))).toBe(17);
    expect(ageInYears("2004-02-29", at("2022-02-28T23:59:59Z"))).toBe(17);
    expect(ageInYears("2004-02-29", at("2024-02-29T00:00:00Z"))).toBe(20);
  });

  it("uses the UTC calendar date, whatever the offset the instant was written with", () => {
    // 23:30 on the eve of the birthday in New York is already the birthday in UTC...
    expect(ageInYears("2000-06-15", at("2018-06-14T23:30:00-05:00"))).toBe(18);
    // ...and 08:00 on the birthday in Tokyo is still the day before in UTC.
    expect(ageInYears("2000-06-15", at("2018-06-15T08:00:00+09:00"))).toBe(17);
  });

  it("draws the adult line at 18", () => {
    expect(ADULT_AGE).toBe(18);
    expect(isAdult("2008-11-26", at("2026-11-26T00:00:00Z"))).toBe(true);
    expect(isAdult("2008-11-27", at("2026-11-26T23:59:59Z"))).toBe(false);
  });

  it("says why the gate is closed: no date of birth, or under 18", () => {
    const now = at("2026-11-26T12:00:00Z");
    expect(ageGateRefusal(null, now)).toBe("age_verification_required");
    expect(ageGateRefusal("2008-11-27", now)).toBe("under_age");
    expect(ageGateRefusal("2008-11-26", now)).toBeNull();
  });

  it("accepts only real calendar dates", () => {
    expect(parseIsoDate("2004-02-29")).toEqual({ year: 2004, month: 2, day: 29 });
    for (const bad of ["2001-02-29", "2001-13-01", "2001-04-31", "01-01-2001", "2001-1-1", ""]) expect(parseIsoDate(bad), bad).toBeUndefined();
    expect(() => ageInYears("2001-02-29")).toThrow(RangeError);
  });
});

/** YYYY-MM-DD `years` years before today (UTC), shifted by `days`. */
function yearsAgo(years: number, days = 0): string {
  const now = new Date();
  const d = new Date(Date.UTC(now.getUTCFullYear() - years, now.getUTCMonth(), now.getUTCDate() + days));
  // On 29 February, "18 years ago today" may not exist: the latest adult birthday is the 28th.
  if (now.getUTCMonth() === 1 && now.getUTCDate() === 29 && d.getUTCMonth() === 2 && days === 0) d.setUTCDate(0);
  return d.toISOString().slice(0, 10);
}

const setDateOfBirth = (token: string, dateOfBirth: string | null) => call("/v1/me", { method: "PATCH", token, body: { dateOfBirth } });
const datingRoute = (token?: string) => call("/v1/dating/bios", { token });

describe("date of birth on the profile", () => {
  it("is set with PATCH /v1/me and shown on the profile, with the age derived from it", async () => {
    const user = await registerUser();
    expect(await json<ResponseBody<"/v1/me", "get", 200>>(await call("/v1/me", { token: user.accessToken }))).toMatchObject({ dateOfBirth: null, age: null });
    const res = await setDateOfBirth(user.accessToken, yearsAgo(31));
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ dateOfBirth: yearsAgo(31), age: 31 });
    // Sending the same date again is not a change.
    expect((await setDateOfBirth(user.accessToken, yearsAgo(31))).status).toBe(200);
  });

  it("the separate age field is gone: PATCH refuses it, the profile derives it", async () => {
    const user = await registerUser();
    const res = await call("/v1/me", { method: "PATCH", token: user.accessToken, body: { age: 25 } });
    expect(res.status).toBe(400);
    expect((await json<Problem>(res)).code).toBe("validation_failed");
  });

  it("can be corrected once, which opens the dating product and is audited; a second correction or clearing it is 409", async () => {
    const user = await registerUser();
    await setDateOfBirth(user.accessToken, yearsAgo(14));
    expect((await json<Problem>(await datingRoute(user.accessToken))).code).toBe("under_age");
    const fixed = await setDateOfBirth(user.accessToken, yearsAgo(24));
    expect(fixed.status).toBe(200);
    expect(await json(fixed)).toMatchObject({ dateOfBirth: yearsAgo(24), age: 24 });
    expect((await datingRoute(user.accessToken)).status).toBe(200);
    const events = (await json<ResponseBody<"/v1/me/security-events", "get", 200>>(await call("/v1/me/security-events", { token: user.accessToken }))).items as {
      type: string;
      details: unknown;
    }[];
    const corrected = events.filter((e) => e.type === "date_of_birth_corrected");
    expect(corrected).toHaveLength(1);
    expect(corrected[0]!.details).toEqual({ from: yearsAgo(14), to: yearsAgo(24) });

    for (const again of [yearsAgo(40), null]) {
      const res = await setDateOfBirth(user.accessToken, again);
      expect(res.status, String(again)).toBe(409);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect((await json<Problem>(res)).code).toBe("date_of_birth_locked");
    }
    expect((await json<ResponseBody<"/v1/me", "get", 200>>(await call("/v1/me", { token: user.accessToken }))).dateOfBirth).toBe(yearsAgo(24));
    const after = (await json<ResponseBody<"/v1/me/security-events", "get", 200>>(await call("/v1/me/security-events", { token: user.accessToken }))).items as { type: string }[];
    expect(after.filter((e) => e.type === "date_of_birth_corrected")).toHaveLength(1);
    // Other fields still save for a corrected account, with or without the unchanged date.
    expect((await call("/v1/me", { method: "PATCH", token: user.accessToken, body: { name: "Sam", dateOfBirth: yearsAgo(24) } })).status).toBe(200);
  });

  it("a date of birth, once set, cannot be cleared (not even as the one correction)", async () => {
    const user = await registerUser();
    await setDateOfBirth(user.accessToken, "1994-06-30");
    const res = await setDateOfBirth(user.accessToken, null);
    expect(res.status).toBe(409);
    expect((await json<Problem>(res)).code).toBe("date_of_birth_locked");
    expect((await setDateOfBirth(user.accessToken, "1995-06-30")).status).toBe(200);
  });

  it("refuses dates in the future, before 1900, and impossible ones", async () => {
    const user = await registerUser();
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    for (const bad of [tomorrow, "1899-12-31", "2001-02-29", "30/06/1994", "1994-06-30T00:00:00Z"]) {
      const res = await setDateOfBirth(user.accessToken, bad);
      expect(res.status, bad).toBe(400);
      expect((await json<Problem>(res)).errors![0]!.path).toBe("dateOfBirth");
    }
    expect((await setDateOfBirth(user.accessToken, utcToday())).status).toBe(200);
  });
});

describe("requireAdult on /v1/dating/*", () => {
  it("asks who you are first (401 without a token)", async () => {
    const res = await datingRoute();
    expect(res.status).toBe(401);
    expect((await json<Problem>(res)).code).toBe("unauthenticated");
  });

  it("answers 403 age_verification_required without a date of birth", async () => {
    const user = await registerUser();
    const res = await datingRoute(user.accessToken);
    expect(res.status).toBe(403);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect((await json<Problem>(res)).code).toBe("age_verification_required");
  });

  it("answers 403 under_age at 17 years and 364 days", async () => {
    const user = await registerUser();
    await setDateOfBirth(user.accessToken, yearsAgo(18, 1));
    const res = await datingRoute(user.accessToken);
    expect(res.status).toBe(403);
    expect((await json<Problem>(res)).code).toBe("under_age");
  });

  it("lets in someone who turns 18 today", async () => {
    const user = await registerUser();
    await setDateOfBirth(user.accessToken, yearsAgo(18));
    expect((await datingRoute(user.accessToken)).status).toBe(200);
  });

  it("gates every dating operation the API declares, before its input is read", async () => {
    const minor = await registerUser();
    await setDateOfBirth(minor.accessToken, yearsAgo(15));
    // Walked from /openapi.json, so a dating route added tomorrow is covered.
    const doc = await json<{ paths: Record<string, Record<string, unknown>> }>(await call("/openapi.json"));
    const operations = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith("/v1/dating/"))
      .flatMap(([path, item]) => Object.keys(item).map((method) => ({ method: method.toUpperCase(), path: path.replace(/\{[^}]+\}/g, () => crypto.randomUUID()) })));
    expect(operations.length).toBeGreaterThan(10);
    const answers = await Promise.all(
      operations.map(async ({ method, path }) => {
        const res = await call(path, { method, token: minor.accessToken, body: method === "GET" || method === "DELETE" ? undefined : {} });
        return `${method} ${path.replace(/[0-9a-f-]{36}/g, "{id}")}: ${res.status} ${(await json<{ code: string }>(res)).code}`;
      }),
    );
    expect(answers.filter((a) => !a.endsWith(": 403 under_age"))).toEqual([]);
    // A path that is no operation is a 404 for everyone (the operations are public in /openapi.json).
    expect((await call("/v1/dating/nothing-here", { token: minor.accessToken })).status).toBe(404);
  });

  it("leaves the rest of the API open to users without a date of birth", async () => {
    const user = await registerUser();
    expect((await call("/v1/me", { token: user.accessToken })).status).toBe(200);
    expect((await call("/v1/billing/balance", { token: user.accessToken })).status).toBe(200);
    expect((await call("/v1/headshots/styles", { token: user.accessToken })).status).toBe(200);
  });
});
