// Scores that agree with the photo, through the app's own path: POST /v1/photos with the bytes
// the app sends, then POST /v1/dating/analyses (local measurements only), read from the response.
import { afterAll, describe, expect, inject, it } from "vitest";
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import worker from "../worker/index";
import { userAccount } from "../worker/billing/account";
import { fixture } from "./fixtures/photos/fixtures";
import { call, json, registerAdult, testDatabase, type TestUser, type ResponseBody } from "./helpers";

const { close } = testDatabase();
afterAll(() => close());

interface PhotoResult {
  photoId: string;
  overallScore: number;
  scoreCap: { limit: number; code: string; reason: string } | null;
  detailedScores: Record<string, { score: number | null; reason: string }>;
  suggestions: { code: string; message: string }[];
  defects: string[];
}

const fromBase64 = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));

async function upload(user: TestUser, bytes: Uint8Array): Promise<string> {
  const res = await call("/v1/photos?purpose=dating", { rawBody: bytes, headers: { "content-type": "image/jpeg" }, token: user.accessToken });
  expect(res.status).toBe(201);
  return (await json<ResponseBody<"/v1/photos", "post", 201>>(res)).id;
}

/** Uploads each photo, analyses them together without the vision model, returns results by name. */
async function analyse(photos: Record<string, Uint8Array>) {
  const user = await registerAdult();
  await userAccount(env, user.id).grant(user.id, 1, "test_grant", `test:${user.id}:score-rules`);
  const ids: Record<string, string> = {};
  for (const [name, bytes] of Object.entries(photos)) ids[name] = await upload(user, bytes);
  const ctx = createExecutionContext();
  const res = await worker.fetch(
    new Request("http://api.test/v1/dating/analyses", {
      method: "POST",
      headers: { authorization: `Bearer ${user.accessToken}`, "content-type": "application/json" },
      body: JSON.stringify({ photoIds: Object.values(ids) }),
    }),
    { ...env, OPENAI_API_KEY: undefined },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  expect(res.status).toBe(201);
  const run = await json<ResponseBody<"/v1/dating/analyses", "post", 201>>(res);
  const by = Object.fromEntries(Object.entries(ids).map(([name, id]) => [name, run.photos.find((p) => p.photoId === id) as PhotoResult]));
  const orders = run.recommendation as Record<string, { order: string[]; lead: string | null; drop: { id: string; reason: string }[] }>;
  return { ids, by, orders };
}

describe("noise, measured on photos as the app uploads them", () => {
  it("the clean portrait re-encoded by the app, and phone-sized copies with ordinary sensor noise, are not called grainy; real grain still is", async () => {
    const uploads = inject("appUploads");
    const { by } = await analyse(Object.fromEntries(Object.entries(uploads).map(([name, b64]) => [name, fromBase64(b64)])));
    for (const name of ["portrait", "portrait-phone-1024", "portrait-phone-2560"]) {
      expect(by[name]!.defects, name).not.toContain("noisy");
      expect(
        by[name]!.suggestions.map((s) => s.code),
        name,
      ).not.toContain("noisy");
      expect(by[name]!.detailedScores.technicalQuality!.reason, name).not.toMatch(/grain/);
    }
    const grainy = by["portrait-grainy-1024"]!;
    expect(grainy.defects).toContain("noisy");
    expect(grainy.suggestions.find((s) => s.code === "noisy")!.message).toMatch(/Grainy \(noise level \d/);
  });
});

describe("severe defects and photos without you", () => {
  it("caps the blurry and the dark photo, keeps a cat and a coffee cup below every photo of you, and orders every platform accordingly", async () => {
    const names = ["astronaut.jpg", "astronaut-tilted.jpg", "astronaut-blurred.jpg", "astronaut-dark.jpg", "chelsea-cat.jpg", "coffee.jpg"];
    const { ids, by, orders } = await analyse(Object.fromEntries(names.map((n) => [n, fixture(n)])));
    const clean = by["astronaut.jpg"]!;
    const blurred = by["astronaut-blurred.jpg"]!;
    const dark = by["astronaut-dark.jpg"]!;
    const withoutYou = [by["chelsea-cat.jpg"]!, by["coffee.jpg"]!];

    expect(clean.scoreCap).toBeNull();
    expect(dark.detailedScores.lighting!.score).toBeLessThan(30);
    expect(dark.scoreCap).toMatchObject({ code: "poor_light", limit: 45 });
    expect(dark.scoreCap!.reason).toMatch(/Lighting \d+\/100: the photo is too dark/);
    expect(dark.overallScore).toBeLessThanOrEqual(45);
    expect(blurred.scoreCap).toMatchObject({ code: "out_of_focus", limit: 55 });
    expect(blurred.overallScore).toBeLessThanOrEqual(55);

    const weakestOfYou = Math.min(...[clean, by["astronaut-tilted.jpg"]!, blurred, dark].map((p) => p.overallScore));
    for (const p of withoutYou) {
      expect(p.overallScore).toBeLessThan(weakestOfYou);
      expect(p.overallScore).toBeLessThanOrEqual(40);
      expect(["no_person", "below_photos_of_you"]).toContain(p.scoreCap!.code);
      expect(p.scoreCap!.reason).toMatch(/can't see you/);
    }

    const ofYou = ["astronaut.jpg", "astronaut-tilted.jpg", "astronaut-blurred.jpg", "astronaut-dark.jpg"].map((n) => ids[n]!);
    const sound = [ids["astronaut.jpg"]!, ids["astronaut-tilted.jpg"]!];
    const severe = [ids["astronaut-blurred.jpg"]!, ids["astronaut-dark.jpg"]!];
    const without = [ids["chelsea-cat.jpg"]!, ids["coffee.jpg"]!];
    for (const [platform, rec] of Object.entries(orders)) {
      expect(rec.lead, platform).toBe(ids["astronaut.jpg"]);
      const at = (id: string) => {
        const i = rec.order.indexOf(id);
        return i < 0 ? Infinity : i;
      };
      // The blurred and dark copies are the clean shot again: dropped as its near-copies.
      for (const s of severe) expect(rec.drop.find((d) => d.id === s)?.reason, platform).toMatch(/^Nearly the same as photo 1 /);
      // Every photo of you shown comes before every photo without you (dropped ones are not shown at all).
      for (const you of ofYou.filter((id) => rec.order.includes(id))) for (const other of without) expect(at(you), platform).toBeLessThan(at(other));
      // A severe one that stays comes after every sound photo of you: never in the first two places.
      for (const s of severe.filter((id) => rec.order.includes(id))) {
        for (const ok of sound) expect(at(ok), platform).toBeLessThan(at(s));
        expect(at(s), platform).toBeGreaterThanOrEqual(2);
      }
    }
  });
});
