// Who is the user in a dating analysis (issue #12): a photo of three people side by side, made
// here by compositing three portraits, one of them the user, whose solo photos are in the same
// analysis. The user is the astronaut (public-domain NASA portrait, test/fixtures/photos); the two
// others are faces cut from a group photo that @vladmandic/face-api ships in demo/ (the
// likeness calibration's labelled set, test/fixtures/likeness-set.ts: read from node_modules at
// test time, licence not stated, never committed). Embeddings go through the vision Worker.
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../worker/index";
import { userAccount } from "../worker/billing/account";
import { decodeImage } from "../worker/imaging/decode";
import { encodeJpeg } from "../worker/photos/normalize";
import { crop, largestFace, people, type Rgba } from "./fixtures/likeness-set";
import { fixture } from "./fixtures/photos/fixtures";
import { inArray } from "drizzle-orm";
import { decodeVector, EMBEDDINGS_MODEL } from "../worker/dating/set-faces";
import { photos } from "../worker/db/schema";
import { photoFeaturesSchema } from "../worker/imaging/features";
import { call, json, registerAdult, testDatabase, type TestUser, type ResponseBody } from "./helpers";

/** Bilinear resize to a square of `side`. */
function resize(img: Rgba, side: number): Rgba {
  const out = new Uint8ClampedArray(side * side * 4);
  for (let y = 0; y < side; y++)
    for (let x = 0; x < side; x++) {
      const sx = Math.min(img.width - 1, ((x + 0.5) * img.width) / side - 0.5);
      const sy = Math.min(img.height - 1, ((y + 0.5) * img.height) / side - 0.5);
      const x0 = Math.max(0, Math.floor(sx));
      const y0 = Math.max(0, Math.floor(sy));
      const x1 = Math.min(x0 + 1, img.width - 1);
      const y1 = Math.min(y0 + 1, img.height - 1);
      const fx = sx - x0;
      const fy = sy - y0;
      for (let c = 0; c < 4; c++) {
        const at = (xx: number, yy: number) => img.data[(yy * img.width + xx) * 4 + c]!;
        out[(y * side + x) * 4 + c] = (at(x0, y0) * (1 - fx) + at(x1, y0) * fx) * (1 - fy) + (at(x0, y1) * (1 - fx) + at(x1, y1) * fx) * fy;
      }
    }
  return { data: out, width: side, height: side };
}

/** Tiles of one height side by side, left to right. */
function sideBySide(tiles: Rgba[]): Rgba {
  const side = tiles[0]!.height;
  const width = side * tiles.length;
  const out = new Uint8ClampedArray(width * side * 4);
  tiles.forEach((t, i) => {
    for (let y = 0; y < side; y++) out.set(t.data.subarray(y * side * 4, (y + 1) * side * 4), (y * width + i * side) * 4);
  });
  return { data: out, width, height: side };
}

async function upload(user: TestUser, jpeg: Uint8Array): Promise<string> {
  const res = await call("/v1/photos?purpose=dating", { rawBody: jpeg, headers: { "content-type": "image/jpeg" }, token: user.accessToken });
  expect(res.status).toBe(201);
  return (await json<ResponseBody<"/v1/photos", "post", 201>>(res)).id;
}

async function analyse(user: TestUser, photoIds: string[]) {
  const ctx = createExecutionContext();
  const res = await worker.fetch(
    new Request("http://api.test/v1/dating/analyses", {
      method: "POST",
      headers: { authorization: `Bearer ${user.accessToken}`, "content-type": "application/json", "cf-connecting-ip": "203.0.113.9" },
      body: JSON.stringify({ photoIds, platform: "tinder" }),
    }),
    // The local analysis only (no OpenAI judgement): faces and identity are measured locally.
    { ...env, OPENAI_API_KEY: undefined },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  expect(res.status).toBe(201);
  return json<ResponseBody<"/v1/dating/analyses", "post", 201>>(res);
}

describe("who is the user in a dating photo set", () => {
  it("a photo of three people side by side: 3 faces, a group, and the user in the middle; a photo without the user is flagged; the lead is a solo photo of the user", async () => {
    const user = await registerAdult();
    await userAccount(env, user.id).grant(user.id, 1, "test_grant", `test:${user.id}:one`);
    const all = await people({ groupPhotos: 1 });
    const others = all.filter((p) => p.id !== "astronaut");
    expect(others.length).toBeGreaterThanOrEqual(3);
    // The astronaut cut like the others: a square 2.6 face widths wide around her face.
    const astronaut = await decodeImage(fixture("astronaut.jpg"));
    const face = (await largestFace(astronaut))!.face.box;
    const side = face.width * 2.6;
    const you = crop(astronaut, face.x + face.width / 2 - side / 2, face.y + face.height / 2 - side * 0.45, side, side);
    const group = sideBySide([others[0]!.portrait, you, others[1]!.portrait].map((p) => resize(p, 320)));
    const stranger = resize(others[2]!.portrait, 480);

    const ids = {
      solo: await upload(user, fixture("astronaut.jpg")),
      solo2: await upload(user, fixture("astronaut-color-cast.jpg")),
      group: await upload(user, await encodeJpeg(group.data, group.width, group.height, 90)),
      stranger: await upload(user, await encodeJpeg(stranger.data, stranger.width, stranger.height, 90)),
    };
    const run = await analyse(user, Object.values(ids));
    const byId = (id: string) => run.photos.find((p) => p.photoId === id)!;

    const g = byId(ids.group);
    expect(g.faceCount).toBe(3);
    expect(g.photoType).toBe("group");
    expect(g.user).toMatchObject({ presence: "in_group", position: "in the middle" });
    expect(g.user.message).toBe("You are in the middle (3 people in this photo).");
    expect(byId(ids.solo).user).toMatchObject({ presence: "solo", faceIndex: 0 });
    expect(byId(ids.solo2).user.presence).toBe("solo");

    const s = byId(ids.stranger);
    expect(s.user.presence).toBe("absent");
    expect(s.user.message).toMatch(/You are not in this photo/);
    const rec = run.recommendation.tinder;
    expect(rec!.drop.find((d: { id: string }) => d.id === ids.stranger)?.reason).toMatch(/not in this photo/);
    expect(rec!.order).not.toContain(ids.stranger);
    expect([ids.solo, ids.solo2]).toContain(rec!.lead);
    expect(rec!.order[0]).toBe(rec!.lead);
  }, 120_000);

  it("uses the vectors stored at upload: with the files gone from R2, the user is still found in every photo", async () => {
    const user = await registerAdult();
    await userAccount(env, user.id).grant(user.id, 1, "test_grant", `test:${user.id}:stored`);
    const ids = [await upload(user, fixture("astronaut.jpg")), await upload(user, fixture("astronaut-color-cast.jpg")), await upload(user, fixture("group-three.jpg"))];
    const db = testDatabase();
    try {
      const rows = await db.db.select().from(photos).where(inArray(photos.id, ids));
      for (const row of rows) {
        const f = photoFeaturesSchema.parse(row.features);
        expect(f.faceEmbeddings?.model).toBe(EMBEDDINGS_MODEL);
        expect(f.faceEmbeddings!.vectors).toHaveLength(f.faces.items.length);
        for (const v of f.faceEmbeddings!.vectors) expect(decodeVector(v!)).toHaveLength(128);
        // Nothing to read again: the analysis below must not need the file.
        await env.PHOTOS.delete(row.r2Key);
      }
    } finally {
      await db.close();
    }
    const run = await analyse(user, ids);
    const byId = (id: string) => run.photos.find((p) => p.photoId === id)!;
    expect(byId(ids[0]!).user.presence).toBe("solo");
    expect(byId(ids[1]!).user.presence).toBe("solo");
    // Three copies of the same face: each could be you, so it is hard to tell which one.
    expect(byId(ids[2]!).user.presence).toBe("unclear");
  }, 120_000);
});
