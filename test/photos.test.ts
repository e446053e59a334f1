// Photo upload: type from the bytes, limits before decoding, normalised storage, ownership.
import { afterAll, describe, expect, it } from "vitest";
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import worker from "../worker/index";
import { eq } from "drizzle-orm";
import { analyticsEvents, photos } from "../worker/db/schema";
import { readDimensions } from "../worker/imaging/decode";
import { fixture } from "./fixtures/photos/fixtures";
import { call, callSettled, json, registerAdult, registerUser, testDatabase, type TestUser, type ResponseBody, type Problem, type Schemas } from "./helpers";

const { db, close } = testDatabase();
afterAll(() => close());

const upload = (user: TestUser, bytes: Uint8Array, purpose = "dating", contentType = "image/jpeg") =>
  call(`/v1/photos?purpose=${purpose}`, { rawBody: bytes, headers: { "content-type": contentType }, token: user.accessToken });

async function nothingStored(user: TestUser) {
  expect((await env.PHOTOS.list({ prefix: `users/${user.id}/` })).objects).toHaveLength(0);
  expect(await db.select().from(photos).where(eq(photos.userId, user.id))).toHaveLength(0);
  expect((await json<ResponseBody<"/v1/billing/balance", "get", 200>>(await call("/v1/billing/balance", { token: user.accessToken }))).balance).toBe(1);
}

describe("upload", () => {
  it("stores an upright, metadata-free copy and a thumbnail, measured, behind signed links", async () => {
    const user = await registerAdult();
    // Stored sideways (400x512) with EXIF orientation 6: it must come out upright (512x400).
    const res = await upload(user, fixture("astronaut-exif-rotated.jpg"));
    expect(res.status).toBe(201);
    const photo = await json<Schemas["Photo"]>(res);
    expect(photo).toMatchObject({ purpose: "dating", width: 512, height: 400, moderation: expect.any(String) });
    expect(photo.checks.faceCount).toBe(1);
    const stored = await env.PHOTOS.get(`users/${user.id}/photos/${photo.id}.jpg`);
    const bytes = new Uint8Array(await stored!.arrayBuffer());
    expect(readDimensions(bytes)).toMatchObject({ width: 512, height: 400, orientation: 1 });
    // No APP1 (EXIF) segment survives re-encoding.
    expect(new TextDecoder("latin1").decode(bytes.slice(0, 4096))).not.toContain("Exif");
    const thumb = await call(new URL(photo.thumbnailUrl).pathname + new URL(photo.thumbnailUrl).search);
    expect(thumb.status).toBe(200);
    // The web demo runs on another origin: its <img> loads need this (browsers block same-origin).
    expect(thumb.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
    expect(readDimensions(new Uint8Array(await thumb.arrayBuffer())).width).toBeLessThanOrEqual(384);
  });

  it("accepts PNG and WebP, and reports selfie problems", async () => {
    const user = await registerAdult();
    expect((await upload(user, fixture("astronaut-small.png"), "selfie", "image/png")).status).toBe(201);
    const cat = await json<Schemas["Photo"]>(await upload(user, fixture("astronaut.webp"), "selfie", "image/webp"));
    expect(cat.checks.selfieProblems).toEqual([]);
    const noFace = await json<Schemas["Photo"]>(await upload(user, fixture("chelsea-cat.jpg"), "selfie"));
    expect(noFace.checks.selfieProblems.map((p: { code: string }) => p.code)).toContain("no_face");
    // A blocked selfie needs retaking: no advice on top of the reasons.
    expect(noFace.checks.selfieAdvice).toEqual([]);
  });

  it("the list shows the same checks as the photo itself (a list reads only the facts they need)", async () => {
    const user = await registerAdult();
    const uploaded: Schemas["Photo"][] = [];
    for (const name of ["astronaut.jpg", "astronaut-small-face.jpg", "astronaut-dark.jpg", "chelsea-cat.jpg", "group-collage.jpg", "astronaut-flat.jpg"]) {
      uploaded.push(await json<Schemas["Photo"]>(await upload(user, fixture(name), "selfie")));
    }
    const codes = (p: { checks: { selfieProblems: { code: string }[] } }) => p.checks.selfieProblems.map((x) => x.code);
    // The set covers each rule the checks apply, so a field the list fails to read shows up here.
    expect(uploaded.flatMap(codes)).toEqual(expect.arrayContaining(["face_too_small", "too_dark", "no_face", "multiple_faces"]));
    expect(uploaded.flatMap((p) => p.checks.selfieAdvice.map((a: { code: string }) => a.code))).toContain("low_contrast");
    const page = await json<ResponseBody<"/v1/photos", "get", 200>>(await call("/v1/photos?purpose=selfie", { token: user.accessToken }));
    const listed = new Map(page.items.map((p: { id: string; checks: unknown }) => [p.id, p.checks]));
    for (const p of uploaded) {
      expect(listed.get(p.id)).toEqual(p.checks);
      expect((await json<ResponseBody<"/v1/photos/{id}", "get", 200>>(await call(`/v1/photos/${p.id}`, { token: user.accessToken }))).checks).toEqual(p.checks);
    }
  });

  it("signed links point at the origin the API was reached on, or at PUBLIC_API_URL when it is set", async () => {
    const user = await registerAdult();
    const photo = await json<Schemas["Photo"]>(await upload(user, fixture("astronaut.jpg")));
    const origins = (p: { url: string; thumbnailUrl: string }) => [p.url, p.thumbnailUrl].map((u) => new URL(u).origin);
    // The tests set no PUBLIC_API_URL, as `wrangler dev --port 9000` would not.
    expect(origins(photo)).toEqual(["http://api.test", "http://api.test"]);
    const listed = await json<ResponseBody<"/v1/photos", "get", 200>>(await call("/v1/photos", { token: user.accessToken }));
    expect(origins(listed.items[0]!)).toEqual(["http://api.test", "http://api.test"]);
    const configured = await json<ResponseBody<"/v1/photos/{id}", "get", 200>>(
      await callSettled(`/v1/photos/${photo.id}`, { token: user.accessToken }, { PUBLIC_API_URL: "https://files.firstlook.test" }),
    );
    expect(origins(configured)).toEqual(["https://files.firstlook.test", "https://files.firstlook.test"]);
  });

  it("lists, gets, and deletes photos; another user's photo is 404", async () => {
    const user = await registerAdult();
    const a = await json<Schemas["Photo"]>(await upload(user, fixture("astronaut.jpg")));
    const b = await json<Schemas["Photo"]>(await upload(user, fixture("coffee.jpg")));
    const page = await json<ResponseBody<"/v1/photos", "get", 200>>(await call("/v1/photos?limit=1", { token: user.accessToken }));
    expect(page.items.map((p: { id: string }) => p.id)).toEqual([b.id]);
    const page2 = await json<ResponseBody<"/v1/photos", "get", 200>>(await call(`/v1/photos?limit=1&cursor=${page.nextCursor}`, { token: user.accessToken }));
    expect(page2.items.map((p: { id: string }) => p.id)).toEqual([a.id]);
    const other = await registerAdult();
    expect((await call(`/v1/photos/${a.id}`, { token: other.accessToken })).status).toBe(404);
    expect((await call(`/v1/photos/${a.id}`, { method: "DELETE", token: other.accessToken })).status).toBe(404);
    expect((await call(`/v1/photos/${a.id}`, { method: "DELETE", token: user.accessToken })).status).toBe(204);
    expect(await env.PHOTOS.head(`users/${user.id}/photos/${a.id}.jpg`)).toBeNull();
    expect((await call(`/v1/photos/${a.id}`, { token: user.accessToken })).status).toBe(404);
  });
});

describe("bad uploads: a clear 4xx, nothing stored, no credit taken", () => {
  const cases: [string, () => Uint8Array, number, string][] = [
    ["a text file named .jpg", () => new TextEncoder().encode("this is not a photo, just text pretending to be one"), 415, "unsupported_image_type"],
    ["zero bytes", () => new Uint8Array(), 400, "empty_file"],
    ["an SVG", () => new TextEncoder().encode('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'), 415, "unsupported_image_type"],
    ["a truncated JPEG", () => fixture("astronaut.jpg").slice(0, 9000), 422, "corrupt_image"],
    ["a PNG header claiming 30000x30000", () => pngHeader(30000, 30000), 422, "image_dimensions_too_large"],
    ["a HEIC file", () => heicHeader(), 415, "unsupported_image_type"],
  ];
  for (const [name, bytes, status, code] of cases) {
    it(name, async () => {
      const user = await registerAdult();
      const res = await upload(user, bytes());
      expect(res.status).toBe(status);
      const body = await json<Problem>(res);
      expect(body.code).toBe(code);
      await nothingStored(user);
    });
  }

  it("over the size limit", async () => {
    const user = await registerAdult();
    const big = new Uint8Array(16 * 1024 * 1024);
    big.set(fixture("astronaut.jpg"));
    const res = await upload(user, big);
    expect(res.status).toBe(413);
    expect((await json<Problem>(res)).code).toBe("payload_too_large");
    await nothingStored(user);
  });

  it("a file that is not an image gets a message a person can read, not the sniffed type", async () => {
    const user = await registerAdult();
    const body = await json<Problem>(await upload(user, new TextEncoder().encode("just some text")));
    expect(body.detail).toBe("That file isn't a photo we can read: upload a JPEG, PNG or WebP.");
  });

  it("HEIC gets advice the user can act on", async () => {
    const user = await registerAdult();
    expect((await json<Problem>(await upload(user, heicHeader()))).detail).toContain("HEIC");
  });
});

/** A valid PNG signature and IHDR chunk declaring the given size, with no pixel data. */
function pngHeader(width: number, height: number): Uint8Array {
  const bytes = new Uint8Array(33);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  const view = new DataView(bytes.buffer);
  view.setUint32(16, width);
  view.setUint32(20, height);
  bytes.set([8, 6, 0, 0, 0], 24);
  return bytes;
}

/** The start of an ISO-BMFF HEIC file: an `ftyp` box with the `heic` brand. */
function heicHeader(): Uint8Array {
  const bytes = new Uint8Array(64);
  bytes.set([0, 0, 0, 24, ...new TextEncoder().encode("ftypheic"), 0, 0, 0, 0, ...new TextEncoder().encode("mif1heic")]);
  return bytes;
}

describe("what a web form or curl -F sends", () => {
  const form = (file?: Uint8Array, field = "file") => {
    const body = new FormData();
    if (file) body.append(field, new File([file], "me.jpg", { type: "image/jpeg" }));
    else body.append("note", "no file here");
    return new Request("http://x", { method: "POST", body });
  };
  const post = async (user: TestUser, req: Request) =>
    call("/v1/photos?purpose=dating", { rawBody: new Uint8Array(await req.arrayBuffer()), headers: { "content-type": req.headers.get("content-type")! }, token: user.accessToken });

  it("a multipart form with a `file` field is stored like the raw bytes", async () => {
    const user = await registerAdult();
    const res = await post(user, form(fixture("astronaut.jpg")));
    expect(res.status).toBe(201);
    expect((await json<Schemas["Photo"]>(res)).checks.faceCount).toBe(1);
  });

  it("a multipart form without a `file` field says how to send the photo, and stores nothing", async () => {
    const user = await registerAdult();
    for (const req of [form(), form(fixture("astronaut.jpg"), "photo")]) {
      const res = await post(user, req);
      expect(res.status).toBe(400);
      const body = await json<Problem>(res);
      expect(body.code).toBe("validation_failed");
      expect(body.detail).toContain("`file` field");
    }
    await nothingStored(user);
  });
});

describe("the dating product stores nothing of a minor's", () => {
  const fourteenYearsAgo = () => {
    const d = new Date();
    return `${d.getUTCFullYear() - 14}-01-01`;
  };

  it("a 14-year-old's dating upload is refused before anything is stored; without a date of birth too", async () => {
    const minor = await registerUser();
    expect((await call("/v1/me", { method: "PATCH", token: minor.accessToken, body: { dateOfBirth: fourteenYearsAgo() } })).status).toBe(200);
    const res = await upload(minor, fixture("astronaut.jpg"));
    expect(res.status).toBe(403);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(await json<Problem>(res)).toMatchObject({ code: "under_age", title: "Dating features are for adults (18+) only" });
    await nothingStored(minor);
    const unknownAge = await registerUser();
    const res2 = await upload(unknownAge, fixture("astronaut.jpg"));
    expect(res2.status).toBe(403);
    expect((await json<Problem>(res2)).code).toBe("age_verification_required");
    await nothingStored(unknownAge);
  });

  it("the headshots selfie is not the dating product: no date of birth needed", async () => {
    const user = await registerUser();
    expect((await upload(user, fixture("astronaut.jpg"), "selfie")).status).toBe(201);
  });
});

describe("moderation (OpenAI moderation endpoint through the SDK, against the stand-in)", () => {
  it("rejects a flagged image with 422, stores nothing, and counts the rejection", async () => {
    const user = await registerAdult();
    const red = await redJpeg();
    const res = await upload(user, red);
    expect(res.status).toBe(422);
    expect((await json<Problem>(res)).code).toBe("image_rejected");
    await nothingStored(user);
    const events = await db.select().from(analyticsEvents).where(eq(analyticsEvents.userId, user.id));
    expect(events.map((e) => e.eventType)).toEqual(["photo_rejected"]);
    expect(JSON.stringify(events[0]!.eventProperties)).toContain("violence");
  });

  it("marks clean photos as passed, and unmoderated when no provider is configured", async () => {
    const user = await registerAdult();
    expect((await json<Schemas["Photo"]>(await upload(user, fixture("astronaut.jpg")))).moderation).toBe("passed");
    const ctx = createExecutionContext();
    const res = await worker.fetch(
      new Request("http://api.test/v1/photos?purpose=dating", {
        method: "POST",
        headers: { authorization: `Bearer ${user.accessToken}`, "content-type": "image/jpeg" },
        body: fixture("astronaut.jpg"),
      }),
      { ...env, OPENAI_API_KEY: undefined },
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect((await json<Schemas["Photo"]>(res)).moderation).toBe("unmoderated");
  });
});

/** A real JPEG that is almost entirely saturated red (the stand-in flags it as graphic violence). */
async function redJpeg(): Promise<Uint8Array> {
  const { encodeJpeg } = await import("../worker/photos/normalize");
  const w = 320;
  const h = 400;
  const data = new Uint8ClampedArray(w * h * 4);
  for (let i = 0; i < data.length; i += 4) {
    data[i] = 200 + ((i / 4) % 40);
    data[i + 1] = 20;
    data[i + 2] = 25;
    data[i + 3] = 255;
  }
  return encodeJpeg(data, w, h, 90);
}

describe("normalisation: the Images binding where it behaves the same locally and in production", () => {
  const exifFree = (bytes: Uint8Array) => !new TextDecoder("latin1").decode(bytes.slice(0, 4096)).includes("Exif");

  /** A synthetic photo bigger than the stored limit, in the given orientation. */
  async function bigJpeg(width: number, height: number) {
    const { encodeJpeg } = await import("../worker/photos/normalize");
    const data = new Uint8ClampedArray(width * height * 4);
    for (let i = 0, p = 0; i < data.length; i += 4, p++) {
      const x = p % width;
      const y = Math.floor(p / width);
      data[i] = (x * 255) / width;
      data[i + 1] = (y * 255) / height;
      data[i + 2] = 120;
      data[i + 3] = 255;
    }
    return encodeJpeg(data, width, height, 80);
  }

  it("an upright JPEG goes through the binding: re-encoded, metadata-free, with a thumbnail", async () => {
    const { normalizePhoto } = await import("../worker/photos/normalize");
    const out = await normalizePhoto(fixture("astronaut.jpg"), env.IMAGES);
    expect(out.via).toBe("images-binding");
    expect(readDimensions(out.jpeg)).toMatchObject({ type: "jpeg", width: 512, height: 512, orientation: 1 });
    expect({ width: out.width, height: out.height }).toEqual({ width: 512, height: 512 });
    expect(readDimensions(out.thumbnail)).toMatchObject({ width: 384, height: 384 });
    expect(exifFree(out.jpeg) && exifFree(out.thumbnail)).toBe(true);
  });

  it("scales the long side down to 2048 px, keeping the aspect ratio (no padding), landscape and portrait", async () => {
    const { normalizePhoto } = await import("../worker/photos/normalize");
    const landscape = await normalizePhoto(await bigJpeg(2600, 1300), env.IMAGES);
    expect(landscape).toMatchObject({ via: "images-binding", width: 2048, height: 1024 });
    expect(readDimensions(landscape.thumbnail)).toMatchObject({ width: 384, height: 192 });
    const portrait = await normalizePhoto(await bigJpeg(1200, 2400), env.IMAGES);
    expect(portrait).toMatchObject({ via: "images-binding", width: 1024, height: 2048 });
  });

  it("a JPEG with an EXIF orientation, and a transparent PNG, are decoded in WASM (the local binding gets them wrong)", async () => {
    const { normalizePhoto } = await import("../worker/photos/normalize");
    const rotated = await normalizePhoto(fixture("astronaut-exif-rotated.jpg"), env.IMAGES);
    expect(rotated).toMatchObject({ via: "wasm", width: 512, height: 400 });
    const png = fixture("astronaut-small.png");
    const transparent = png.slice();
    transparent[25] = 6; // colour type RGBA in IHDR: the header now claims an alpha channel
    const { bindingSafe } = await import("../worker/photos/normalize");
    expect(bindingSafe(transparent, readDimensions(transparent))).toBe(false);
    expect(bindingSafe(png, readDimensions(png))).toBe(png[25] !== 4 && png[25] !== 6);
  });

  it("falls back to WASM when the binding fails, and still refuses a damaged file precisely", async () => {
    const { normalizePhoto } = await import("../worker/photos/normalize");
    const broken = {
      input: () => {
        throw new Error("images binding unavailable");
      },
      info: () => Promise.reject(new Error("down")),
    } as unknown as ImagesBinding;
    expect((await normalizePhoto(fixture("astronaut.jpg"), broken)).via).toBe("wasm");
    await expect(normalizePhoto(fixture("astronaut.jpg").slice(0, 9000), env.IMAGES)).rejects.toMatchObject({ code: "corrupt_image" });
  });
});
