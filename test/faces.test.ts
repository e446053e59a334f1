// Faces at every scale (full-range detector, tiles, zoomed re-checks) and the per-face landmarks
// (mesh + iris) on real photos: the labelled fixtures and, read from node_modules at test time
// only (their licence is not stated: never committed), face-api's six group photos.
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { analyzePhoto } from "../worker/imaging/analyze";
import type { PhotoFeatures } from "../worker/imaging/features";
import { DETECTION, DETECTOR_MODEL } from "../worker/imaging/faces";
import { FACE_JUDGEMENT } from "../worker/imaging/landmarks";
import { sceneOf } from "../worker/imaging/objects";
import { fixture } from "./fixtures/photos/fixtures";

const demo = import.meta.glob<string>("../node_modules/@vladmandic/face-api/demo/sample*.jpg", { query: "?inline", import: "default", eager: true });
function demoPhoto(n: number): Uint8Array {
  const url = demo[`../node_modules/@vladmandic/face-api/demo/sample${n}.jpg`];
  if (!url) throw new Error(`face-api demo photo ${n} missing (devDependency @vladmandic/face-api)`);
  const b = atob(url.slice(url.indexOf(",") + 1));
  return Uint8Array.from(b, (c) => c.charCodeAt(0));
}

/** astronaut-tiny-face.jpg: one face, where the portrait was pasted (x 700-850, y 380-530 of 1000x667). Returns its box. */
function expectTinyFaceWherePasted(t: PhotoFeatures) {
  expect(t.faces.count).toBe(1);
  const b = t.faces.items[0]!.box;
  expect(b.x).toBeGreaterThan(700);
  expect(b.x + b.width).toBeLessThan(850);
  return b;
}

/** People a person counts in face-api's demo photos (checked by eye). */
const DEMO_PEOPLE: Record<number, number> = { 1: 3, 2: 3, 3: 3, 4: 4, 5: 5, 6: 4 };

const NAMES = [
  "astronaut.jpg",
  "astronaut-overexposed.jpg",
  "astronaut-tiny-face.jpg",
  "group-three.jpg",
  "person-far.jpg",
  "rocket-landscape.jpg",
  "chelsea-cat.jpg",
  "coffee.jpg",
  "group-collage.jpg",
  "astronaut-tilted.jpg",
];

describe("faces at every scale", () => {
  const f: Record<string, PhotoFeatures> = {};
  beforeAll(async () => {
    for (const name of NAMES) f[name] = await analyzePhoto(fixture(name));
    for (const n of Object.keys(DEMO_PEOPLE)) f[`demo${n}`] = await analyzePhoto(demoPhoto(Number(n)));
  }, 120_000);

  it("runs the full-range detector from the MODELS bucket, not the bundled fallback", () => {
    expect(f["astronaut.jpg"]!.faces.detector).toMatchObject({ model: DETECTOR_MODEL, inputSize: 192, fallback: null });
  });

  it("three people side by side: three faces, a group", () => {
    const g = f["group-three.jpg"]!;
    expect(g.faces.count).toBe(3);
    expect(g.defects).toContain("multiple_faces");
    const xs = g.faces.items.map((i) => i.box.x + i.box.width / 2).sort((a, b) => a - b);
    // One face in each third of the frame.
    for (const [i, x] of xs.entries()) expect(Math.floor(x / 400)).toBe(i);
  });

  it("group photos report every face", () => {
    for (const [n, people] of Object.entries(DEMO_PEOPLE)) expect(f[`demo${n}`]!.faces.count, `demo photo ${n}`).toBe(people);
  });

  it("a person far off: the face at ~6% of the frame width is found where it is", () => {
    const p = f["person-far.jpg"]!;
    expect(p.faces.count).toBe(1);
    expect(p.faces.primary!.widthFraction).toBeGreaterThan(0.04);
    expect(p.faces.primary!.widthFraction).toBeLessThan(0.09);
    // Pasted at x 420-680, y 800-1060 of 800x1200; the face in its upper half.
    const b = p.faces.items[0]!.box;
    expect(b.x).toBeGreaterThan(480);
    expect(b.x + b.width).toBeLessThan(640);
    expect(b.y).toBeGreaterThan(800);
    expect(b.y + b.height).toBeLessThan(960);
    expect(p.defects).not.toContain("no_face");
  });

  it("a face of ~3% of the width, at the limit, is still found", () => {
    expectTinyFaceWherePasted(f["astronaut-tiny-face.jpg"]!);
  });

  it("an overexposed face is still found (the zoomed re-check)", () => {
    const o = f["astronaut-overexposed.jpg"]!;
    expect(o.faces.count).toBe(1);
    expect(o.faces.detector.rechecks).toBeGreaterThan(0);
    expect(o.defects).toEqual(["overexposed"]);
  });

  it("no faces on a cat, a coffee cup or a launch scene, even after tiling", () => {
    for (const name of ["chelsea-cat.jpg", "coffee.jpg", "rocket-landscape.jpg"]) {
      expect(f[name]!.faces.count, name).toBe(0);
      expect(f[name]!.faces.detector.tiles, name).toBeGreaterThan(0);
    }
  });

  it("a portrait is not tiled: a face that fills the frame is what the photo is about", () => {
    expect(f["astronaut.jpg"]!.faces.detector.tiles).toBe(0);
    expect(f["astronaut.jpg"]!.faces.count).toBe(1);
  });
});

describe("the search guided by the scene detector's people", () => {
  // The same photos with the SCENE binding: the rest of the search looks at each person's head
  // instead of tiling the frame. It must find what the tiles find, with fewer detector inputs.
  const tiled: Record<string, PhotoFeatures> = {};
  const guided: Record<string, PhotoFeatures> = {};
  const GUIDED = ["person-far.jpg", "astronaut-tiny-face.jpg", "group-three.jpg", "with-cat.jpg", "chelsea-cat.jpg", "coffee.jpg", "rocket-landscape.jpg"];
  beforeAll(async () => {
    const scene = sceneOf(env);
    for (const name of GUIDED) {
      tiled[name] = await analyzePhoto(fixture(name));
      guided[name] = await analyzePhoto(fixture(name), { scene });
    }
    for (const n of Object.keys(DEMO_PEOPLE)) guided[`demo${n}`] = await analyzePhoto(demoPhoto(Number(n)), { scene });
  }, 180_000);

  it("without the scene detector the frame is tiled; with it, people's heads are searched", () => {
    expect(tiled["person-far.jpg"]!.faces.detector.search).toBe("tiles");
    expect(guided["person-far.jpg"]!.faces.detector.search).toBe("people");
  });

  it("finds every face the tiles find, where they find it", () => {
    for (const name of GUIDED) {
      const centres = (f: PhotoFeatures) => f.faces.items.map((i) => Math.round((i.box.x + i.box.width / 2) / 20)).sort((a, b) => a - b);
      expect(guided[name]!.faces.count, name).toBe(tiled[name]!.faces.count);
      expect(centres(guided[name]!), name).toEqual(centres(tiled[name]!));
    }
    for (const [n, people] of Object.entries(DEMO_PEOPLE)) expect(guided[`demo${n}`]!.faces.count, `demo photo ${n}`).toBe(people);
  });

  it("a face at the limit (~3% of the width) in a person's head counts, though its box is under the blind search's width floor", () => {
    const t = guided["astronaut-tiny-face.jpg"]!;
    const b = expectTinyFaceWherePasted(t);
    expect(b.width / t.source.width).toBeLessThan(DETECTION.minWidthFraction);
  });

  it("looks at fewer regions than the tiles, and at none where there is no one", () => {
    for (const name of GUIDED) expect(guided[name]!.faces.detector.tiles, name).toBeLessThan(tiled[name]!.faces.detector.tiles);
    for (const name of ["chelsea-cat.jpg", "coffee.jpg", "rocket-landscape.jpg"]) {
      expect(guided[name]!.faces.detector.tiles, name).toBe(0);
      expect(guided[name]!.faces.detector.rechecks, name).toBe(0);
      expect(guided[name]!.faces.count, name).toBe(0);
    }
  });

  it("falls back to the tiles when the scene Worker fails", async () => {
    const down = { detectObjects: () => Promise.reject(new Error("scene Worker unreachable")), inferenceHeapBytes: () => Promise.resolve(0) };
    const f = await analyzePhoto(fixture("person-far.jpg"), { scene: down, onSceneFailure: () => {} });
    expect(f.faces.detector.search).toBe("tiles");
    expect(f.faces.detector.tiles).toBe(tiled["person-far.jpg"]!.faces.detector.tiles);
    expect(f.faces.count).toBe(1);
  });

  it("a photo whose frame showed only a wide, weak candidate is still measured for pose and objects once the search finds no face", async () => {
    const f = await analyzePhoto(fixture("clock-motion-blur.jpg"), { scene: sceneOf(env) });
    // The frame's candidate kept it from being asked first ("tiles", not "people")...
    expect(f.faces.detector.search).toBe("tiles");
    expect(f.faces.count).toBe(0);
    // ...but the finished search found no face, so both were measured after it.
    expect(f.body).not.toBeNull();
    expect(f.objects).not.toBeNull();
  });
});

describe("per-face landmarks", () => {
  const f: Record<string, PhotoFeatures> = {};
  beforeAll(async () => {
    for (const name of ["astronaut.jpg", "astronaut-tilted.jpg", "astronaut-tiny-face.jpg", "group-three.jpg", "astronaut-sunglasses.jpg", "astronaut-dark.jpg"])
      f[name] = await analyzePhoto(fixture(name));
    for (const n of [1, 2, 3, 4, 5, 6]) f[`demo${n}`] = await analyzePhoto(demoPhoto(n));
  }, 60_000);

  it("the clean portrait: frontal, eyes open, smiling, looking into the camera", () => {
    const face = f["astronaut.jpg"]!.faces.items[0]!;
    const l = face.landmarks!;
    expect(l.faceScore).toBeGreaterThan(0.9);
    expect(Math.abs(l.pose.yawDegrees)).toBeLessThan(10);
    expect(Math.min(l.eyes.rightAspect, l.eyes.leftAspect)).toBeGreaterThan(FACE_JUDGEMENT.eyes.openAtLeast);
    expect(Math.hypot(l.gaze.x, l.gaze.y)).toBeLessThan(0.2);
    expect(face.attributes).toMatchObject({ eyesOpen: true, smiling: true, expression: "happy", eyeContact: true });
    expect(face.attributes!.reasons.length).toBe(3);
  });

  it("roll follows the image: the copy rotated 25 degrees reads ~25 degrees more", () => {
    const clean = f["astronaut.jpg"]!.faces.items[0]!.landmarks!.pose.rollDegrees;
    const tilted = f["astronaut-tilted.jpg"]!.faces.items[0]!.landmarks!.pose.rollDegrees;
    expect(tilted - clean).toBeGreaterThan(20);
    expect(tilted - clean).toBeLessThan(30);
  });

  it("yaw is signed: heads turned both ways read both ways", () => {
    const demo = f.demo5!.faces.items.map((i) => i.landmarks!.pose.yawDegrees);
    // Demo photo 5 has heads turned both ways: yaw is signed, not a magnitude.
    expect(Math.max(...demo)).toBeGreaterThan(10);
    expect(Math.min(...demo)).toBeLessThan(-10);
  });

  it("every face of a group gets its own landmarks", () => {
    const items = f["group-three.jpg"]!.faces.items;
    expect(items.every((i) => i.landmarks !== null && i.attributes!.expression === "happy")).toBe(true);
  });

  it("a face too small for the mesh is counted but its landmarks are unknown, not guessed", () => {
    const face = f["astronaut-tiny-face.jpg"]!.faces.items[0]!;
    expect(face.landmarks).toBeNull();
    expect(face.attributes).toBeNull();
  });

  it("sunglasses: the eyes are not read (no eye contact either way), the smile still is", () => {
    const face = f["astronaut-sunglasses.jpg"]!.faces.items[0]!;
    expect(face.landmarks!.eyeRegion.lumaRatio).toBeLessThan(FACE_JUDGEMENT.sunglasses.maxLumaRatio);
    expect(face.attributes).toMatchObject({ sunglasses: true, eyesOpen: null, eyeContact: null, expression: "happy" });
    expect(face.attributes!.reasons[0]).toMatch(/^Sunglasses hide the eyes/);
  });

  it("no sunglasses on any bare face: the portrait, its dark copy, and every face of the six demo photos", () => {
    const faces = Object.entries(f)
      .filter(([name]) => name !== "astronaut-sunglasses.jpg")
      .flatMap(([name, features]) => features.faces.items.filter((i) => i.attributes).map((i) => ({ name, sunglasses: i.attributes!.sunglasses, r: i.landmarks!.eyeRegion })));
    expect(faces.length).toBeGreaterThan(20);
    expect(faces.filter((x) => x.sunglasses === true)).toEqual([]);
    // Most bare eyes are clearly bare; the rest (deep-set eyes in shade) are "cannot tell", never sunglasses.
    expect(faces.filter((x) => x.sunglasses === false).length / faces.length).toBeGreaterThan(0.8);
    expect(f["astronaut-dark.jpg"]!.faces.items[0]!.attributes!.sunglasses).toBe(false);
  });

  it("a neutral face is told from a smile on the same photo", () => {
    const expressions = f.demo5!.faces.items.map((i) => i.attributes!.expression);
    expect(expressions).toContain("happy");
    expect(expressions).toContain("neutral");
  });
});
