// The object detector inside workerd (imaging/objects.ts): a pet is found with or without a person,
// nothing is invented in photos without one, and analyzePhoto looks only when the face does not
// fill the frame. The detector runs in the scene Worker (an auxiliary worker here, reached through
// the SCENE binding as in production), never in this isolate. The decoder's box arithmetic is
// checked on hand-made outputs.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { analyzePhoto } from "../worker/imaging/analyze";
import { COCO_LABELS } from "../worker/imaging/coco";
import { loadedModels } from "../worker/imaging/models";
import { decodeDetections, sceneOf } from "../worker/imaging/objects";
import { IMAGING_THRESHOLDS } from "../worker/imaging/thresholds";
import { fixture, labels } from "./fixtures/photos/fixtures";

const scene = sceneOf(env);
const analyse = (name: string) => analyzePhoto(fixture(name), { scene });
const labelsOf = (f: Awaited<ReturnType<typeof analyse>>) => (f.objects?.items ?? []).map((o) => o.label);

describe("decodeDetections", () => {
  const empty = () => ({
    "Identity:0": new Float32Array(52 * 52 * 80),
    "Identity_1:0": new Float32Array(26 * 26 * 80),
    "Identity_2:0": new Float32Array(13 * 13 * 80),
    "Identity_3:0": new Float32Array(52 * 52 * 44),
    "Identity_4:0": new Float32Array(26 * 26 * 44),
    "Identity_5:0": new Float32Array(13 * 13 * 44),
  });
  /** Puts all of one side's distribution on one bin (a large logit), so the expected bin is exact. */
  const setSides = (d: Float32Array, cell: number, bins: [number, number, number, number]) => {
    bins.forEach((bin, side) => {
      for (let j = 0; j < 11; j++) d[cell * 44 + side * 11 + j] = j === bin ? 50 : 0;
    });
  };

  it("turns a cell's class score and side distances into a box around the cell centre", () => {
    const out = empty();
    const cat = COCO_LABELS.indexOf("cat");
    // Stride 32, cell (x 3, y 5): centre (112, 176). Sides 2, 1, 3, 4 bins = 64, 32, 96, 128 px.
    const cell = 5 * 13 + 3;
    out["Identity_2:0"][cell * 80 + cat] = 0.8;
    setSides(out["Identity_5:0"], cell, [2, 1, 3, 4]);
    const [c] = decodeDetections(out, 0.45);
    expect(c).toMatchObject({ label: "cat", x0: 48, y0: 144, x1: 208, y1: 304 });
    expect(c!.score).toBeCloseTo(0.8, 5);
  });

  it("keeps the best of overlapping boxes of one class, and both when the classes differ", () => {
    const out = empty();
    const dog = COCO_LABELS.indexOf("dog");
    const person = COCO_LABELS.indexOf("person");
    for (const [cell, score] of [
      [100, 0.9],
      [101, 0.7],
    ] as const) {
      out["Identity:0"][cell * 80 + dog] = score;
      setSides(out["Identity_3:0"], cell, [5, 5, 5, 5]);
    }
    out["Identity:0"][100 * 80 + person] = 0.6;
    const found = decodeDetections(out, 0.45);
    expect(found.map((c) => [c.label, Number(c.score.toFixed(2))])).toEqual([
      ["dog", 0.9],
      ["person", 0.6],
    ]);
  });

  it("drops classes that say nothing on a dating profile, and scores under the threshold", () => {
    const out = empty();
    out["Identity_1:0"][10 * 80 + COCO_LABELS.indexOf("toilet")] = 0.9;
    out["Identity_1:0"][11 * 80 + COCO_LABELS.indexOf("cat")] = 0.44;
    expect(decodeDetections(out, 0.45)).toEqual([]);
  });
});

describe("NanoDet on the fixtures", () => {
  it("finds the cat, alone and with no person, in both cat photos", async () => {
    for (const name of ["chelsea-cat.jpg", "cat-small.jpg"]) {
      const f = await analyse(name);
      expect(f.objects, name).not.toBeNull();
      const pets = f.objects!.items.filter((o) => o.category === "pet");
      expect(
        pets.map((o) => o.label),
        name,
      ).toEqual(["cat"]);
      expect(labelsOf(f), name).not.toContain("person");
      expect(f.faces.count, name).toBe(0);
    }
  });

  it("finds the cat and the person in the photo of both, with the cat's box on the cat's side", async () => {
    const f = await analyse("with-cat.jpg");
    expect(labelsOf(f)).toContain("cat");
    expect(labelsOf(f)).toContain("person");
    const cat = f.objects!.items.find((o) => o.label === "cat")!;
    // The cat fills the right half (x 480-1000 of 1000).
    expect(cat.box.x + cat.box.width / 2).toBeGreaterThan(600);
    expect(f.faces.count).toBe(1);
  });

  it("finds no pet or animal in any fixture labelled without one", async () => {
    for (const [name, label] of Object.entries(labels)) {
      if (label.objects?.length || label.purpose === "decoder" || label.purpose === "bench") continue;
      const f = await analyse(name);
      const animals = (f.objects?.items ?? []).filter((o) => o.category === "pet" || o.category === "animal");
      expect(
        animals.map((o) => `${o.label} ${o.score.toFixed(2)}`),
        name,
      ).toEqual([]);
    }
  });

  it("does not look in a close-up, where the face fills the frame", async () => {
    const f = await analyse("astronaut.jpg");
    expect(f.objects).toBeNull();
    expect(f.timings.objectsMs).toBe(0);
    const far = await analyse("person-far.jpg");
    expect(far.objects).toMatchObject({ minScore: IMAGING_THRESHOLDS.objectMinScore });
    expect(labelsOf(far)).toContain("person");
  });
});

describe("the scene Worker (SCENE binding)", () => {
  it("runs the detector in its own isolate: this one never loads NanoDet", async () => {
    const f = await analyse("chelsea-cat.jpg");
    expect(labelsOf(f)).toContain("cat");
    expect(loadedModels()).not.toContain("nanodet");
    expect(await scene.inferenceHeapBytes()).toBeGreaterThan(0);
  });

  it("without a detector, a photo it would look at reports objects as not measured, the rest measured alike", async () => {
    const on = await analyse("chelsea-cat.jpg");
    const off = await analyzePhoto(fixture("chelsea-cat.jpg"));
    expect(labelsOf(on)).toContain("cat");
    expect(off.objects).toBeNull();
    expect(off.faces.count).toBe(on.faces.count);
    expect(off.fingerprint).toEqual(on.fingerprint);
  });

  it("when the scene Worker fails, the analysis completes with objects not measured, and says why", async () => {
    const failures: unknown[] = [];
    const down = { detectObjects: () => Promise.reject(new Error("scene Worker unreachable")), inferenceHeapBytes: () => Promise.resolve(0) };
    const f = await analyzePhoto(fixture("chelsea-cat.jpg"), { scene: down, onSceneFailure: (err) => failures.push(err) });
    expect(f.objects).toBeNull();
    expect(f.body).not.toBeNull();
    expect(failures).toHaveLength(1);
    expect(String(failures[0])).toMatch(/unreachable/);
  });

  it("refuses an input that is not the model's 3x416x416", async () => {
    await expect(scene.detectObjects(new Float32Array(10), 0.5)).rejects.toThrow(/3x416x416/);
  });
});
