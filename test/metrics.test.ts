// Profile versions, success metrics, insights and the dashboard through the real Worker and
// Postgres. The statistics themselves are checked against independent numbers in
// statistics.unit.test.ts; here we check they are applied to the right rows.
import { afterAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { profileVersions, successMetrics } from "../worker/db/schema";
import { call, json, registerAdult, testDatabase, type TestUser, type ResponseBody, type Problem } from "./helpers";

const { db, close } = testDatabase();
afterAll(() => close());

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
const metricsOf = (userId: string) => db.select().from(successMetrics).where(eq(successMetrics.userId, userId));

async function createVersion(user: TestUser, body: Record<string, unknown> = {}) {
  const res = await call("/v1/dating/profile-versions", { token: user.accessToken, body: { label: "Original", platform: "tinder", liveFrom: daysAgo(60), ...body } });
  if (res.status !== 201) throw new Error(`version: ${res.status} ${await res.text()}`);
  return (await json<ResponseBody<"/v1/dating/profile-versions", "post", 201>>(res)).version as { id: string; label: string; platform: string };
}

function postMetrics(user: TestUser, body: Record<string, unknown>) {
  return call("/v1/dating/metrics", { token: user.accessToken, body: { platform: "tinder", matches: 10, conversations: 5, dates: 1, ...body } });
}

describe("profile versions", () => {
  it("records a version from one of your bios (copying its text) and lists versions oldest first", async () => {
    const user = await registerAdult();
    const bio = (
      await json<ResponseBody<"/v1/dating/bios", "post", 201>>(
        await call("/v1/dating/bios", {
          token: user.accessToken,
          body: { platform: "tinder", style: "minimalist", variants: 1, facts: { interests: ["chess"], specifics: ["I grew up on a boat"] } },
        }),
      )
    ).bios[0];
    const later = await createVersion(user, { label: "With new bio", bioId: bio!.id, liveFrom: daysAgo(10), liveTo: daysAgo(1) });
    const first = await createVersion(user, { label: "Original", bioText: "Hello there. What's your favourite crag?", liveFrom: daysAgo(30) });
    const hinge = await createVersion(user, { label: "Hinge", platform: "hinge", liveFrom: daysAgo(5) });

    const list = await json<ResponseBody<"/v1/dating/profile-versions", "get", 200>>(await call("/v1/dating/profile-versions", { token: user.accessToken }));
    expect(list.items.map((v: { id: string }) => v.id)).toEqual([first.id, later.id, hinge.id]);
    expect(list.items[1]).toMatchObject({ bioId: bio!.id, bioText: bio!.text, liveTo: daysAgo(1), photoIds: [] });
    const tinderOnly = await json<ResponseBody<"/v1/dating/profile-versions", "get", 200>>(await call("/v1/dating/profile-versions?platform=tinder", { token: user.accessToken }));
    expect(tinderOnly.items).toHaveLength(2);
  });

  it("warns when a bio is longer than the platform allows", async () => {
    const user = await registerAdult();
    const res = await call("/v1/dating/profile-versions", {
      token: user.accessToken,
      body: { label: "Long", platform: "bumble", bioText: "x ".repeat(200), liveFrom: daysAgo(3) },
    });
    expect(res.status).toBe(201);
    expect((await json<ResponseBody<"/v1/dating/profile-versions", "post", 201>>(res)).warnings).toEqual(["bio_over_platform_limit"]);
  });

  it("refuses someone else's bio or photos (404) and inconsistent input (400), writing nothing", async () => {
    const alice = await registerAdult();
    const bob = await registerAdult();
    const alicesBio = (
      await json<ResponseBody<"/v1/dating/bios", "post", 201>>(
        await call("/v1/dating/bios", {
          token: alice.accessToken,
          body: { platform: "tinder", style: "sincere", variants: 1, facts: { interests: ["chess"], specifics: ["I grew up on a boat"] } },
        }),
      )
    ).bios[0];
    const base = { label: "v", platform: "tinder", liveFrom: daysAgo(3) };
    const notFound = [
      { ...base, bioId: alicesBio!.id },
      { ...base, photoIds: [crypto.randomUUID()] },
    ];
    for (const body of notFound) {
      const res = await call("/v1/dating/profile-versions", { token: bob.accessToken, body });
      expect(res.status).toBe(404);
      expect((await json<Problem>(res)).code).toBe("not_found");
    }
    const invalid = [
      { ...base, bioId: alicesBio!.id, bioText: "both" },
      { ...base, liveTo: daysAgo(4) },
      { ...base, platform: "myspace" },
      { ...base, liveFrom: "yesterday" },
      { ...base, label: "" },
      { ...base, photoIds: Array.from({ length: 10 }, () => crypto.randomUUID()) },
    ];
    for (const body of invalid) {
      const res = await call("/v1/dating/profile-versions", { token: bob.accessToken, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((await json<Problem>(res)).code).toBe("validation_failed");
    }
    expect(await db.select().from(profileVersions).where(eq(profileVersions.userId, bob.id))).toHaveLength(0);
  });
});

describe("recording metrics", () => {
  it("records a period and warns about more dates than conversations", async () => {
    const user = await registerAdult();
    const v = await createVersion(user);
    const ok = await postMetrics(user, { profileVersionId: v.id, periodStart: daysAgo(20), periodEnd: daysAgo(14) });
    expect(ok.status).toBe(201);
    expect(await json<ResponseBody<"/v1/dating/metrics", "post", 201>>(ok)).toMatchObject({
      metrics: { profileVersionId: v.id, matches: 10, conversations: 5, dates: 1, periodStart: daysAgo(20) },
      warnings: [],
    });
    // More conversations than matches is fine (conversations from earlier matches); more dates than conversations is a warning.
    const odd = await postMetrics(user, { profileVersionId: v.id, periodStart: daysAgo(13), periodEnd: daysAgo(7), matches: 2, conversations: 4, dates: 6 });
    expect(odd.status).toBe(201);
    expect((await json<ResponseBody<"/v1/dating/metrics", "post", 201>>(odd)).warnings).toEqual(["more_dates_than_conversations"]);
    const [row] = await metricsOf(user.id);
    expect(row).toMatchObject({ platform: "tinder", profileVersion: "Original", profileVersionId: v.id });
  });

  it("warns when the period is outside the version's live window", async () => {
    const user = await registerAdult();
    const v = await createVersion(user, { liveFrom: daysAgo(10), liveTo: daysAgo(5) });
    expect(
      (await json<ResponseBody<"/v1/dating/metrics", "post", 201>>(await postMetrics(user, { profileVersionId: v.id, periodStart: daysAgo(12), periodEnd: daysAgo(6) }))).warnings,
    ).toEqual(["period_outside_live_window"]);
  });

  it("answers 409 metrics_period_overlap for an overlapping period unless allowOverlap is true", async () => {
    const user = await registerAdult();
    const v = await createVersion(user);
    await postMetrics(user, { profileVersionId: v.id, periodStart: daysAgo(20), periodEnd: daysAgo(14) });
    const clash = await postMetrics(user, { profileVersionId: v.id, periodStart: daysAgo(14), periodEnd: daysAgo(10) });
    expect(clash.status).toBe(409);
    const problem = await json<Problem>(clash);
    expect(problem.code).toBe("metrics_period_overlap");
    expect(problem.detail).toContain(`${daysAgo(20)}..${daysAgo(14)}`);
    expect(await metricsOf(user.id)).toHaveLength(1);
    // The day after is fine; so is an explicit overlap.
    expect((await postMetrics(user, { profileVersionId: v.id, periodStart: daysAgo(13), periodEnd: daysAgo(10) })).status).toBe(201);
    expect((await postMetrics(user, { profileVersionId: v.id, periodStart: daysAgo(14), periodEnd: daysAgo(10), allowOverlap: true })).status).toBe(201);
    // Another version on the same days is not an overlap.
    const other = await createVersion(user, { label: "Other" });
    expect((await postMetrics(user, { profileVersionId: other.id, periodStart: daysAgo(20), periodEnd: daysAgo(14) })).status).toBe(201);
  });

  it("lets exactly one of several simultaneous overlapping submissions through", async () => {
    const user = await registerAdult();
    const v = await createVersion(user);
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => postMetrics(user, { profileVersionId: v.id, periodStart: daysAgo(10 + i), periodEnd: daysAgo(5) })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    expect(await metricsOf(user.id)).toHaveLength(1);
  });

  it("rejects bad input with stable codes and writes nothing", async () => {
    const user = await registerAdult();
    const v = await createVersion(user);
    const period = { profileVersionId: v.id, periodStart: daysAgo(8), periodEnd: daysAgo(2) };
    const invalid = [
      { ...period, matches: -1 },
      { ...period, conversations: -3 },
      { ...period, dates: 1.5 },
      { ...period, periodEnd: daysAgo(9) },
      { ...period, periodEnd: daysAgo(-3) },
      { ...period, periodStart: daysAgo(500) },
      { ...period, platform: "bumble" },
      { ...period, profileVersionId: "not-a-uuid" },
      { ...period, extra: 1 },
    ];
    for (const body of invalid) {
      const res = await postMetrics(user, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect((await json<Problem>(res)).code).toBe("validation_failed");
    }
    expect(await metricsOf(user.id)).toHaveLength(0);
  });

  it("another user's version is a 404", async () => {
    const alice = await registerAdult();
    const bob = await registerAdult();
    const v = await createVersion(alice);
    const res = await postMetrics(bob, { profileVersionId: v.id, periodStart: daysAgo(8), periodEnd: daysAgo(2) });
    expect(res.status).toBe(404);
    expect((await postMetrics(bob, { profileVersionId: crypto.randomUUID(), periodStart: daysAgo(8), periodEnd: daysAgo(2) })).status).toBe(404);
    expect(await metricsOf(bob.id)).toHaveLength(0);
    expect(await metricsOf(alice.id)).toHaveLength(0);
  });
});

describe("listing metrics", () => {
  it("pages newest period first, filters by version, and shows nobody else's", async () => {
    const user = await registerAdult();
    const a = await createVersion(user, { label: "A" });
    const b = await createVersion(user, { label: "B" });
    for (let i = 0; i < 4; i++) await postMetrics(user, { profileVersionId: a.id, periodStart: daysAgo(40 - i * 7), periodEnd: daysAgo(34 - i * 7) });
    await postMetrics(user, { profileVersionId: b.id, periodStart: daysAgo(6), periodEnd: daysAgo(1) });

    const seen: (string | null)[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: ResponseBody<"/v1/dating/metrics", "get", 200> = await json<ResponseBody<"/v1/dating/metrics", "get", 200>>(
        await call(`/v1/dating/metrics?limit=2${cursor ? `&cursor=${cursor}` : ""}`, { token: user.accessToken }),
      );
      seen.push(...page.items.map((m) => m.periodStart));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([daysAgo(6), daysAgo(19), daysAgo(26), daysAgo(33), daysAgo(40)]);

    const onlyA = await json<ResponseBody<"/v1/dating/metrics", "get", 200>>(await call(`/v1/dating/metrics?profileVersionId=${a.id}`, { token: user.accessToken }));
    expect(onlyA.items).toHaveLength(4);
    expect((await call("/v1/dating/metrics?cursor=garbage", { token: user.accessToken })).status).toBe(400);
    const stranger = await registerAdult();
    expect((await json<ResponseBody<"/v1/dating/metrics", "get", 200>>(await call("/v1/dating/metrics", { token: stranger.accessToken }))).items).toEqual([]);
  });
});

describe("insights and dashboard", () => {
  it("compares versions with the exact test and the Bayesian probability, and picks the best", async () => {
    const user = await registerAdult();
    const original = await createVersion(user, { label: "Original", liveFrom: daysAgo(30) });
    const fresh = await createVersion(user, { label: "New photos", liveFrom: daysAgo(15) });
    // Original: 15 matches in 10 days; New photos: 30 matches in 10 days, recorded as two periods.
    await postMetrics(user, { profileVersionId: original.id, periodStart: daysAgo(30), periodEnd: daysAgo(21), matches: 15, conversations: 6, dates: 1 });
    await postMetrics(user, { profileVersionId: fresh.id, periodStart: daysAgo(15), periodEnd: daysAgo(11), matches: 12, conversations: 6, dates: 1 });
    await postMetrics(user, { profileVersionId: fresh.id, periodStart: daysAgo(10), periodEnd: daysAgo(6), matches: 18, conversations: 6, dates: 2 });

    const insights = await json<ResponseBody<"/v1/dating/insights", "get", 200>>(await call("/v1/dating/insights", { token: user.accessToken }));
    expect(insights.method).toMatchObject({ minimumDays: 7, minimumMatches: 10, significanceLevel: 0.05 });
    expect(insights.versions.map((v: { label: string }) => v.label)).toEqual(["Original", "New photos"]);
    expect(insights.versions[1]).toMatchObject({
      days: 10,
      matches: 30,
      conversations: 12,
      dates: 3,
      perDay: { matches: 3, conversations: 1.2, dates: 0.3 },
      funnel: { matchToConversation: 0.4, conversationToDate: 0.25, matchToDate: 0.1 },
      enoughData: true,
    });
    expect(insights.comparisons).toHaveLength(1);
    const [c] = insights.comparisons;
    // Same numbers as the unit test's independently computed 30/10 vs 15/10 case.
    expect(c).toMatchObject({ a: { id: original.id }, b: { id: fresh.id }, verdict: "b_higher", rateA: 1.5, rateB: 3 });
    expect(c!.pValue).toBeCloseTo(0.035697803555194696, 10);
    expect(1 - c!.probabilityAHigher!).toBeCloseTo(0.9870519591032538, 8);
    expect(insights.best).toEqual([expect.objectContaining({ platform: "tinder", verdict: "clear_winner", version: { id: fresh.id, label: "New photos" } })]);

    const dashboard = await json<ResponseBody<"/v1/dating/dashboard", "get", 200>>(await call("/v1/dating/dashboard", { token: user.accessToken }));
    expect(dashboard.totals).toEqual({ matches: 45, conversations: 18, dates: 4, profileVersions: 2, biosGenerated: 0 });
    expect(dashboard.best[0]!.verdict).toBe("clear_winner");
    expect(dashboard.versions).toHaveLength(2);
    expect(dashboard.recentBios).toEqual([]);
  });

  it("says 'not enough data yet' below the threshold", async () => {
    const user = await registerAdult();
    const a = await createVersion(user, { label: "A" });
    const b = await createVersion(user, { label: "B" });
    await postMetrics(user, { profileVersionId: a.id, periodStart: daysAgo(10), periodEnd: daysAgo(6), matches: 40 });
    await postMetrics(user, { profileVersionId: b.id, periodStart: daysAgo(10), periodEnd: daysAgo(1), matches: 9 });
    const insights = await json<ResponseBody<"/v1/dating/insights", "get", 200>>(await call("/v1/dating/insights?platform=tinder", { token: user.accessToken }));
    expect(insights.comparisons[0]).toMatchObject({ verdict: "not_enough_data", pValue: null, probabilityAHigher: null });
    expect(insights.comparisons[0]!.summary).toContain('"A" has 5 days and 40 matches');
    expect(insights.best[0]!.verdict).toBe("not_enough_data");
  });

  it("the dashboard shows recent bios and only your own data", async () => {
    const user = await registerAdult();
    await call("/v1/dating/bios", {
      token: user.accessToken,
      body: { platform: "hinge", style: "romantic", variants: 2, facts: { interests: ["chess"], specifics: ["I grew up on a boat"] } },
    });
    const dashboard = await json<ResponseBody<"/v1/dating/dashboard", "get", 200>>(await call("/v1/dating/dashboard", { token: user.accessToken }));
    expect(dashboard.totals.biosGenerated).toBe(2);
    expect(dashboard.recentBios).toHaveLength(2);
    expect(dashboard.recentBios[0]).toMatchObject({ platform: "hinge", style: "romantic", score: expect.any(Number) });
    const stranger = await registerAdult();
    const empty = await json<ResponseBody<"/v1/dating/dashboard", "get", 200>>(await call("/v1/dating/dashboard", { token: stranger.accessToken }));
    expect(empty).toEqual({ totals: { matches: 0, conversations: 0, dates: 0, profileVersions: 0, biosGenerated: 0 }, versions: [], best: [], recentBios: [] });
    expect((await call("/v1/dating/dashboard")).status).toBe(401);
  });
});
