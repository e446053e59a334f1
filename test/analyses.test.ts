// Dating photo analyses end to end: upload real fixture photos, analyse, read the verdicts.
import { afterAll, describe, expect, it } from "vitest";
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { eq } from "drizzle-orm";
import worker from "../worker/index";
import { analysisRuns, photoAnalyses, photos } from "../worker/db/schema";
import { userAccount } from "../worker/billing/account";
import { fixture } from "./fixtures/photos/fixtures";
import { call, json, registerAdult, testDatabase, type TestUser, type ResponseBody } from "./helpers";

const { db, close } = testDatabase();
afterAll(() => close());

async function uploadAll(user: TestUser, names: string[]): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const name of names) {
    const res = await call("/v1/photos?purpose=dating", { rawBody: fixture(name), headers: { "content-type": "image/jpeg" }, token: user.accessToken });
    expect(res.status, name).toBe(201);
    ids[name] = (await json<ResponseBody<"/v1/photos", "post", 201>>(res)).id;
  }
  return ids;
}

/** Analyse with a modified environment (e.g. no OpenAI key: the local-only path). */
async function analyseWith(overrides: Record<string, string | undefined>, user: TestUser, body: unknown) {
  const ctx = createExecutionContext();
  const res = await worker.fetch(
    new Request("http://api.test/v1/dating/analyses", {
      method: "POST",
      headers: { authorization: `Bearer ${user.accessToken}`, "content-type": "application/json", "cf-connecting-ip": "203.0.113.9" },
      body: JSON.stringify(body),
    }),
    { ...env, ...overrides },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return res;
}

const degraded = ["astronaut-blurred.jpg", "astronaut-dark.jpg", "astronaut-overexposed.jpg", "astronaut-noisy.jpg", "astronaut-small-face.jpg"];

describe("local-only analysis (no vision model configured)", () => {
  it("flags each defect with a concrete fix, ranks the clean photo above its degraded copies, and charges one credit", async () => {
    const user = await registerAdult();
    await userAccount(env, user.id).grant(user.id, 1, "test_grant", `test:${user.id}:one`);
    const ids = await uploadAll(user, ["astronaut.jpg", ...degraded]);
    const res = await analyseWith({ OPENAI_API_KEY: undefined }, user, { photoIds: Object.values(ids), platform: "hinge" });
    expect(res.status).toBe(201);
    const run = await json<ResponseBody<"/v1/dating/analyses", "post", 201>>(res);
    expect(run.provider).toBe("local");
    const byName = Object.fromEntries(Object.entries(ids).map(([name, id]) => [name, run.photos.find((p) => p.photoId === id)]));
    const clean = byName["astronaut.jpg"];
    for (const name of degraded) expect(byName[name]!.overallScore, name).toBeLessThan(clean!.overallScore);
    const codes = (name: string) => byName[name]!.suggestions.map((s: { code: string }) => s.code);
    expect(codes("astronaut-blurred.jpg")).toContain("blurry");
    expect(codes("astronaut-dark.jpg")).toContain("too_dark");
    expect(codes("astronaut-overexposed.jpg")).toContain("overexposed");
    expect(codes("astronaut-noisy.jpg")).toContain("noisy");
    expect(codes("astronaut-small-face.jpg")).toContain("face_too_small");
    expect(byName["astronaut-small-face.jpg"]!.suggestions.find((s: { code: string }) => s.code === "face_too_small")!.message).toMatch(/\d+% of the frame width/);
    // Offline, a clean solo portrait gets all eight scores, each a number with its reason:
    // expression and eye contact from the face landmarks, impression from those measurements,
    // style and setting from the scene.
    for (const [key, detail] of Object.entries(clean!.detailedScores as Record<string, { score: number | null; reason: string; source: string }>)) {
      expect(detail.score, key).toEqual(expect.any(Number));
      expect(detail.reason.length, key).toBeGreaterThan(10);
      expect(detail.source, key).toBe("local");
    }
    expect(clean!.detailedScores.expression).toMatchObject({ score: 90, source: "local" });
    expect(clean!.detailedScores.expression.reason).toMatch(/Smiling/);
    expect(clean!.detailedScores.eyeContact).toMatchObject({ score: 90, source: "local" });
    expect(clean!.detailedScores.impression.reason).toMatch(/From what we measured/);
    expect(clean!.detailedScores.styleAndSetting.reason).toMatch(/background/);
    expect(clean!.vision.status).toBe("not_configured");
    // Hinge wants six photos; the clean portrait leads.
    expect(run.recommendation.hinge!.lead).toBe(ids["astronaut.jpg"]);
    expect(run.recommendation.hinge!.order[0]).toBe(ids["astronaut.jpg"]);
    // The degraded copies are the same shot: each is dropped as a near-copy of the clean one
    // (photo 1, which stays); the small-face scene is another frame and stays.
    const dropped = (name: string) => run.recommendation.hinge!.drop.find((d: { id: string }) => d.id === ids[name]);
    for (const name of ["astronaut-blurred.jpg", "astronaut-dark.jpg", "astronaut-overexposed.jpg", "astronaut-noisy.jpg"])
      expect(dropped(name), name).toMatchObject({ code: "near_copy", reason: expect.stringMatching(/^Nearly the same as photo 1 /) });
    expect(run.recommendation.hinge!.order).toContain(ids["astronaut-small-face.jpg"]);
    expect((await json<ResponseBody<"/v1/billing/balance", "get", 200>>(await call("/v1/billing/balance", { token: user.accessToken }))).balance).toBe(1);
    const rows = await db.select().from(photoAnalyses).where(eq(photoAnalyses.runId, run.id));
    expect(rows).toHaveLength(6);
    expect(rows.every((r) => r.analysisStatus === "completed" && r.overallScore !== null && r.expiresAt > new Date())).toBe(true);
  });

  it("a cat photo: no person, the pet found, never the lead; the photo with the cat is a pet photo", async () => {
    const user = await registerAdult();
    const ids = await uploadAll(user, ["chelsea-cat.jpg", "astronaut.jpg", "with-cat.jpg"]);
    const run = await json<ResponseBody<"/v1/dating/analyses", "post", 201>>(await analyseWith({ OPENAI_API_KEY: undefined }, user, { photoIds: Object.values(ids) }));
    const of = (name: string) => run.photos.find((p) => p.photoId === ids[name])!;
    const cat = of("chelsea-cat.jpg");
    expect(cat.faceCount).toBe(0);
    expect(cat.photoType).toBe("no_person");
    expect(cat.objects!.map((o: { label: string }) => o.label)).toEqual(["cat"]);
    expect(cat.objects![0]!.category).toBe("pet");
    expect(cat.suggestions.map((s: { code: string }) => s.code)).toContain("pet_without_you");
    expect(of("with-cat.jpg").photoType).toBe("pet");
    expect(of("astronaut.jpg").objects).toBeNull(); // a close-up: not looked for
    for (const platform of ["tinder", "bumble", "hinge"]) {
      const rec = run.recommendation[platform];
      expect(rec!.lead, platform).toBe(ids["astronaut.jpg"]);
      expect(rec!.order.at(-1), platform).toBe(ids["chelsea-cat.jpg"]);
      // The set has a photo of you with a pet: nothing asks for an activity.
      expect(rec!.missing.map((m: { code: string }) => m.code)).not.toContain("no_activity");
    }
  });

  it("notices what the set is missing", async () => {
    const user = await registerAdult();
    const ids = await uploadAll(user, ["chelsea-cat.jpg", "rocket-landscape.jpg", "group-collage.jpg"]);
    const run = await json<ResponseBody<"/v1/dating/analyses", "post", 201>>(await analyseWith({ OPENAI_API_KEY: undefined }, user, { photoIds: Object.values(ids) }));
    for (const platform of ["tinder", "bumble", "hinge"]) {
      const rec = run.recommendation[platform];
      expect(rec!.lead).toBeNull();
      expect(rec!.missing.map((m: { code: string }) => m.code)).toContain("no_clear_solo_face");
    }
  });
});

describe("with the vision model (OpenAI SDK against the local stand-in)", () => {
  it("adds expression, eye contact, impressions and style, and says which model judged", async () => {
    const user = await registerAdult();
    const ids = await uploadAll(user, ["astronaut.jpg", "astronaut-dark.jpg"]);
    const res = await call("/v1/dating/analyses", { token: user.accessToken, body: { photoIds: Object.values(ids), platform: "tinder" } });
    expect(res.status).toBe(201);
    const run = await json<ResponseBody<"/v1/dating/analyses", "post", 201>>(res);
    expect(run.provider).toBe(`local+openai:${env.OPENAI_VISION_MODEL ?? "gpt-4.1-mini"}`);
    const clean = run.photos.find((p) => p.photoId === ids["astronaut.jpg"]);
    expect(clean!.vision).toMatchObject({ status: "judged" });
    // The landmarks' measurement keeps expression local; the model adds impressions.
    expect(clean!.detailedScores.expression).toMatchObject({ score: 90, source: "local" });
    expect(clean!.detailedScores.impression).toMatchObject({ source: "vision" });
    expect(clean!.detailedScores.impression.score).not.toBeNull();
    expect(clean!.detailedScores.impression.reason).toContain("trustworthy");
    expect(clean!.suggestions.some((s: { source: string }) => s.source === "vision")).toBe(true);
  });

  for (const model of ["standin-always-500", "standin-malformed", "standin-refusal", "standin-wrong-shape"]) {
    it(`falls back to local-only, and says so, when the model fails (${model})`, async () => {
      const user = await registerAdult();
      const ids = await uploadAll(user, ["astronaut.jpg"]);
      const res = await analyseWith({ OPENAI_VISION_MODEL: model }, user, { photoIds: Object.values(ids) });
      expect(res.status).toBe(201);
      const run = await json<ResponseBody<"/v1/dating/analyses", "post", 201>>(res);
      expect(run.provider).toBe("local");
      expect(run.photos[0]!.vision).toMatchObject({ status: "failed", provider: `openai:${model}` });
      // The local measurements stand in: the impression is built from them, and says so.
      expect(run.photos[0]!.detailedScores.impression).toMatchObject({ source: "local", reason: expect.stringMatching(/^From what we measured/) });
      expect(run.photos[0]!.detailedScores.eyeContact).toMatchObject({ score: 90, source: "local" });
      expect(run.photos[0]!.overallScore).toBeGreaterThan(0);
    });
  }
});

describe("requests", () => {
  it("another user's photo: 404 and no credit taken; another user's analysis: 404", async () => {
    const owner = await registerAdult();
    const ids = await uploadAll(owner, ["astronaut.jpg"]);
    const thief = await registerAdult();
    const res = await call("/v1/dating/analyses", { token: thief.accessToken, body: { photoIds: Object.values(ids) } });
    expect(res.status).toBe(404);
    expect((await json<ResponseBody<"/v1/billing/balance", "get", 200>>(await call("/v1/billing/balance", { token: thief.accessToken }))).balance).toBe(1);
    const run = await json<ResponseBody<"/v1/dating/analyses", "post", 201>>(
      await call("/v1/dating/analyses", { token: owner.accessToken, body: { photoIds: Object.values(ids) } }),
    );
    expect((await call(`/v1/dating/analyses/${run.id}`, { token: thief.accessToken })).status).toBe(404);
    expect((await call(`/v1/dating/analyses/${run.id}`, { token: owner.accessToken })).status).toBe(200);
  });

  it("without credits: 402, nothing stored", async () => {
    const user = await registerAdult();
    const ids = await uploadAll(user, ["astronaut.jpg"]);
    expect((await call("/v1/dating/analyses", { token: user.accessToken, body: { photoIds: Object.values(ids) } })).status).toBe(201);
    const broke = await call("/v1/dating/analyses", { token: user.accessToken, body: { photoIds: Object.values(ids) } });
    expect(broke.status).toBe(402);
    expect(await db.select().from(analysisRuns).where(eq(analysisRuns.userId, user.id))).toHaveLength(1);
  });

  it("a retried request with the same Idempotency-Key returns the same analysis and charges once", async () => {
    const user = await registerAdult();
    await userAccount(env, user.id).grant(user.id, 2, "test_grant", `test:${user.id}:two`);
    const ids = await uploadAll(user, ["astronaut.jpg"]);
    const key = crypto.randomUUID();
    const send = () => call("/v1/dating/analyses", { token: user.accessToken, body: { photoIds: Object.values(ids) }, headers: { "idempotency-key": key } });
    const [a, b] = await Promise.all([send(), send()]);
    expect((await json<ResponseBody<"/v1/dating/analyses", "post", 201>>(a)).id).toBe((await json<ResponseBody<"/v1/dating/analyses", "post", 201>>(b)).id);
    expect((await json<ResponseBody<"/v1/billing/balance", "get", 200>>(await call("/v1/billing/balance", { token: user.accessToken }))).balance).toBe(2);
  });

  it("a retry after a failed analysis is charged once, for the run it delivers; its replays are free", async () => {
    const user = await registerAdult();
    await userAccount(env, user.id).grant(user.id, 1, "test_grant", `test:${user.id}:one`);
    const ids = await uploadAll(user, ["astronaut.jpg"]);
    const [photo] = await db.select().from(photos).where(eq(photos.id, ids["astronaut.jpg"]!));
    // The first attempt fails: the photo's file is gone and it has no stored measurements.
    const file = await (await env.PHOTOS.get(photo!.r2Key))!.arrayBuffer();
    await db.update(photos).set({ features: null }).where(eq(photos.id, photo!.id));
    await env.PHOTOS.delete(photo!.r2Key);
    const key = crypto.randomUUID();
    const send = () => call("/v1/dating/analyses", { token: user.accessToken, body: { photoIds: [photo!.id] }, headers: { "idempotency-key": key } });
    const failed = await send();
    expect(failed.status).toBe(404);
    expect((await json<ResponseBody<"/v1/billing/balance", "get", 200>>(await call("/v1/billing/balance", { token: user.accessToken }))).balance).toBe(2);
    // The retry, with the file back, delivers a run and pays for it; replaying it pays nothing more.
    await env.PHOTOS.put(photo!.r2Key, file);
    const retried = await send();
    expect(retried.status).toBe(201);
    const run = await json<ResponseBody<"/v1/dating/analyses", "post", 201>>(retried);
    expect((await json<ResponseBody<"/v1/dating/analyses", "post", 201>>(await send())).id).toBe(run.id);
    expect((await json<ResponseBody<"/v1/billing/balance", "get", 200>>(await call("/v1/billing/balance", { token: user.accessToken }))).balance).toBe(1);
    expect(await db.select().from(analysisRuns).where(eq(analysisRuns.userId, user.id))).toHaveLength(1);
  });

  it("rejects bad input: no photos, more than nine, unknown fields", async () => {
    const user = await registerAdult();
    for (const body of [
      { photoIds: [] },
      { photoIds: Array.from({ length: 10 }, () => crypto.randomUUID()) },
      { photoIds: [crypto.randomUUID()], extra: 1 },
      { photoIds: ["nope"] },
    ]) {
      const res = await call("/v1/dating/analyses", { token: user.accessToken, body });
      expect(res.status).toBe(400);
    }
    expect((await json<ResponseBody<"/v1/billing/balance", "get", 200>>(await call("/v1/billing/balance", { token: user.accessToken }))).balance).toBe(1);
  });

  it("lists analyses newest first", async () => {
    const user = await registerAdult();
    await userAccount(env, user.id).grant(user.id, 1, "test_grant", `test:${user.id}:one`);
    const ids = await uploadAll(user, ["astronaut.jpg"]);
    const first = await json<ResponseBody<"/v1/dating/analyses", "post", 201>>(
      await call("/v1/dating/analyses", { token: user.accessToken, body: { photoIds: Object.values(ids) } }),
    );
    const second = await json<ResponseBody<"/v1/dating/analyses", "post", 201>>(
      await call("/v1/dating/analyses", { token: user.accessToken, body: { photoIds: Object.values(ids) } }),
    );
    const page = await json<ResponseBody<"/v1/dating/analyses", "get", 200>>(await call("/v1/dating/analyses?limit=1", { token: user.accessToken }));
    expect(page.items[0]!.id).toBe(second.id);
    const next = await json<ResponseBody<"/v1/dating/analyses", "get", 200>>(await call(`/v1/dating/analyses?limit=1&cursor=${page.nextCursor}`, { token: user.accessToken }));
    expect(next.items[0]!.id).toBe(first.id);
  });
});
