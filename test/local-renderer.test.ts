// The local preview renderer (no Replicate token): real portraits from the selfie, checked by
// running them back through the imaging core, and the whole offline pipeline.
import { afterAll, describe, expect, it } from "vitest";
import { createExecutionContext, createMessageBatch, env, getQueueResult, waitOnExecutionContext } from "cloudflare:test";
import { eq } from "drizzle-orm";
import worker from "../worker/index";
import { photoGenerations, photos, styleTemplates } from "../worker/db/schema";
import { analyzePhoto } from "../worker/imaging/analyze";
import { decodeImage } from "../worker/imaging/decode";
import { localPreviewRenderer } from "../worker/providers/renderer/local-preview";
import type { Style } from "../worker/providers/renderer";
import { userAccount } from "../worker/billing/account";
import { fixture } from "./fixtures/photos/fixtures";
import { call, json, registerUser, testDatabase, type ResponseBody, type Problem } from "./helpers";

const { db, close } = testDatabase();
afterAll(() => close());

const offline = { ...env, REPLICATE_API_TOKEN: undefined };

describe("local preview renderer", () => {
  it("frames one centred face at the width the style asks for, in 4:5 and 1:1", async () => {
    const [style] = await db.select().from(styleTemplates).where(eq(styleTemplates.id, "corporate-classic"));
    const images = await localPreviewRenderer(env).render(fixture("astronaut.jpg"), {
      generationId: crypto.randomUUID(),
      selfieKey: "x",
      selfieUrl: "http://x",
      style: style as Style,
      count: 2,
      existingPredictions: 0,
    });
    expect(images.map((i) => Math.round((i.width / i.height) * 100) / 100)).toEqual([0.8, 1]);
    for (const image of images) expect(image.width).toBeGreaterThanOrEqual(512);
    const target = style!.renderParams!.faceWidth;
    for (const image of images) {
      const f = await analyzePhoto(image.bytes);
      expect(f.faces.count).toBe(1);
      const p = f.faces.primary!;
      expect(Math.abs(p.centerX - 0.5)).toBeLessThan(0.08);
      expect(Math.abs(p.widthFraction - target)).toBeLessThan(0.1);
      expect(p.eyeLineHeight).toBeGreaterThan(0.25);
      expect(p.eyeLineHeight).toBeLessThan(0.5);
      // (Sharpness is not asserted: the fixture's face is 94 px wide, so any headshot from it is
      // an upscale; the renderer caps that at 1.25x beyond a 512 px minimum output.)
      expect(f.defects).not.toContain("too_dark");
      expect(f.defects).not.toContain("overexposed");
    }
  });

  it("puts the person on the style's backdrop: the background measures as the style's colour, the face does not", async () => {
    for (const id of ["corporate-classic", "creative-studio"]) {
      const [style] = await db.select().from(styleTemplates).where(eq(styleTemplates.id, id));
      const [image] = await localPreviewRenderer(env).render(fixture("astronaut.jpg"), {
        generationId: crypto.randomUUID(),
        selfieKey: "x",
        selfieUrl: "http://x",
        style: style as Style,
        count: 1,
        existingPredictions: 0,
      });
      const out = await decodeImage(image!.bytes);
      const hex = (h: string) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
      const top = hex(style!.renderParams!.backgroundTop);
      const bottom = hex(style!.renderParams!.backgroundBottom);
      // Mean colour of a patch, and the style's gradient colour at the patch's centre row.
      const patch = (fx: number, fy: number, fw: number, fh: number) => {
        const sum = [0, 0, 0];
        let n = 0;
        for (let y = Math.round(fy * out.height); y < Math.round((fy + fh) * out.height); y++)
          for (let x = Math.round(fx * out.width); x < Math.round((fx + fw) * out.width); x++, n++) for (let k = 0; k < 3; k++) sum[k]! += out.data[(y * out.width + x) * 4 + k]!;
        const mean = sum.map((v) => v / n);
        let spread = 0;
        for (let y = Math.round(fy * out.height); y < Math.round((fy + fh) * out.height); y++)
          for (let x = Math.round(fx * out.width); x < Math.round((fx + fw) * out.width); x++) spread += (out.data[(y * out.width + x) * 4 + 1]! - mean[1]!) ** 2;
        const t = fy + fh / 2;
        return { mean, std: Math.sqrt(spread / n), style: [0, 1, 2].map((k) => top[k]! + (bottom[k]! - top[k]!) * t) };
      };
      const distance = (a: number[], b: number[]) => Math.max(...a.map((v, k) => Math.abs(v - b[k]!)));
      // The selfie's background there: the flag (top left) and the shuttle model (top right).
      for (const [fx, fy] of [
        [0.02, 0.02],
        [0.88, 0.02],
        [0.02, 0.3],
      ] as const) {
        const { mean, std, style: expected } = patch(fx, fy, 0.1, 0.08);
        expect(distance(mean, expected), `${id} background at ${fx},${fy}`).toBeLessThan(10);
        expect(std, `${id} background at ${fx},${fy} is smooth`).toBeLessThan(4);
      }
      // The face (eyes and nose, centre of the frame) is the person: detail, not a smooth backdrop.
      const face = patch(0.38, 0.33, 0.24, 0.15);
      expect(face.std, `${id} face`).toBeGreaterThan(15);
    }
  });

  it("renders offline end to end: queue job -> images in R2 -> succeeded -> credit committed", async () => {
    const user = await registerUser();
    const upload = await call("/v1/photos?purpose=selfie", { rawBody: fixture("astronaut.jpg"), headers: { "content-type": "image/jpeg" }, token: user.accessToken });
    const photoId = (await json<ResponseBody<"/v1/photos", "post", 201>>(upload)).id;
    const [photo] = await db.select().from(photos).where(eq(photos.id, photoId));
    const reservation = await userAccount(env, user.id).reserve(user.id, 1, `local-${crypto.randomUUID()}`);
    if (!reservation.ok) throw new Error("reserve failed");
    const [row] = await db
      .insert(photoGenerations)
      .values({
        userId: user.id,
        photoId,
        originalPhotoUrl: photo!.r2Key,
        styleId: "modern-tech",
        renderer: "local-preview",
        reservationId: reservation.reservation.id,
        generationStatus: "queued",
      })
      .returning();
    const batch = createMessageBatch("firstlook-generation-jobs", [
      { id: crypto.randomUUID(), timestamp: new Date(), attempts: 1, body: { type: "render", generationId: row!.id } },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, offline, ctx);
    await waitOnExecutionContext(ctx);
    expect((await getQueueResult(batch, ctx)).explicitAcks).toHaveLength(1);
    const done = await json<ResponseBody<"/v1/headshots/generations/{id}", "get", 200>>(await call(`/v1/headshots/generations/${row!.id}`, { token: user.accessToken }));
    expect(done).toMatchObject({ status: "succeeded", renderer: "local-preview", progress: 100 });
    // The output was measured: one face found, so the confidence is far from the no-face floor.
    expect(done.confidence).toBeGreaterThan(50);
    const [measured] = await db.select().from(photoGenerations).where(eq(photoGenerations.id, row!.id));
    expect(measured!.qualityMetrics!.images[0]!.faces).toBe(1);
    expect(done.images).toHaveLength(1);
    // No PUBLIC_API_URL here: the headshot's links point at the origin the request came in on.
    for (const image of done.images) for (const link of [image.url, image.thumbnailUrl]) expect(new URL(link).origin).toBe("http://api.test");
    expect((await env.PHOTOS.list({ prefix: `users/${user.id}/headshots/${row!.id}/` })).objects.length).toBe(2);
    expect((await userAccount(env, user.id).balance(user.id)).balance).toBe(0);
  });
});

describe("selfie checks before anything is charged", () => {
  it("a lesser flaw is advice, not a refusal: the generation starts", async () => {
    const user = await registerUser();
    const photo = await json<ResponseBody<"/v1/photos", "post", 201>>(
      await call("/v1/photos?purpose=selfie", { rawBody: fixture("astronaut-color-cast.jpg"), headers: { "content-type": "image/jpeg" }, token: user.accessToken }),
    );
    expect(photo.checks.selfieProblems).toEqual([]);
    expect(photo.checks.selfieAdvice.map((a: { code: string }) => a.code)).toEqual(["color_cast"]);
    const res = await call("/v1/headshots/generations", {
      token: user.accessToken,
      headers: { "idempotency-key": crypto.randomUUID() },
      body: { photoId: photo.id, styleId: "academic", count: 1 },
    });
    expect(res.status).toBe(202);
  });

  for (const [name, code] of [
    ["chelsea-cat.jpg", "no_face"],
    ["group-collage.jpg", "multiple_faces"],
    ["astronaut-blurred.jpg", "blurry"],
  ] as const) {
    it(`${name}: 422 selfie_unusable (${code})`, async () => {
      const user = await registerUser();
      const photo = await json<ResponseBody<"/v1/photos", "post", 201>>(
        await call("/v1/photos?purpose=selfie", { rawBody: fixture(name), headers: { "content-type": "image/jpeg" }, token: user.accessToken }),
      );
      const res = await call("/v1/headshots/generations", { token: user.accessToken, body: { photoId: photo.id, styleId: "academic", count: 1 } });
      expect(res.status).toBe(422);
      const body = await json<Problem>(res);
      expect(body.code).toBe("selfie_unusable");
      expect(body.errors!.map((e: { path: string }) => e.path)).toContain(code);
      expect((await json<ResponseBody<"/v1/billing/balance", "get", 200>>(await call("/v1/billing/balance", { token: user.accessToken }))).balance).toBe(1);
    });
  }
});
