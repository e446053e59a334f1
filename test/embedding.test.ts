// Face embedding inside workerd, through the VISION service binding to the vision Worker (the
// auxiliary worker of vitest.config.ts, built by test/global-setup.ts), as the API calls it: the same person (the astronaut under the fixtures' defects and a
// tilt) scores above LIKENESS_THRESHOLD, other people (faces from the face-api demo photos, read
// from node_modules) below it; alignment removes head roll; the helpers behave at the edges.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { decodeImage } from "../worker/imaging/decode";
import { bestSimilarity, cosineSimilarity, EMBEDDING_SIZE, LIKENESS_THRESHOLD } from "../worker/imaging/identity";
import { embedFaces as embedVia, visionOf } from "../worker/imaging/vision";
import { detectFaces } from "../worker/imaging/faces";
import { buildWorkingImage } from "../worker/imaging/working-image";
import { largestFace, people } from "./fixtures/likeness-set";
import { fixture } from "./fixtures/photos/fixtures";

const vision = visionOf(env);
const embedFaces = (...args: Parameters<typeof embedVia> extends [unknown, ...infer R] ? R : never) => embedVia(vision, ...args);

async function embedFixture(name: string): Promise<Float32Array> {
  const d = await decodeImage(fixture(name));
  const found = await largestFace(d);
  if (!found) throw new Error(`no face in ${name}`);
  return (await embedFaces(found.work, [found.face]))[0]!;
}

describe("embedFaces", () => {
  it("gives one 128-D vector per face, deterministically, and nothing for no faces", async () => {
    const d = await decodeImage(fixture("group-collage.jpg"));
    const work = buildWorkingImage(d);
    const { faces } = await detectFaces(work, 0.6);
    expect(faces.length).toBe(4);
    const a = await embedFaces(work, faces);
    const b = await embedFaces(work, faces);
    expect(a).toHaveLength(4);
    for (const [i, e] of a.entries()) {
      expect(e).toHaveLength(EMBEDDING_SIZE);
      expect(Array.from(e)).toEqual(Array.from(b[i]!));
    }
    // The collage is four re-toned / mirrored copies of one person.
    for (const e of a.slice(1)) expect(cosineSimilarity(a[0]!, e)).toBeGreaterThanOrEqual(LIKENESS_THRESHOLD);
    expect(await embedFaces(work, [])).toEqual([]);
  });

  it("keeps the astronaut the same person through exposure, colour, blur, resolution and a 34-degree roll", async () => {
    const reference = await embedFixture("astronaut.jpg");
    for (const name of ["astronaut-dark.jpg", "astronaut-color-cast.jpg", "astronaut-soft.jpg", "astronaut-lowres.jpg", "astronaut-tilted.jpg", "astronaut-grainy.jpg"]) {
      expect(cosineSimilarity(reference, await embedFixture(name)), name).toBeGreaterThanOrEqual(LIKENESS_THRESHOLD);
    }
  });

  it("tells the astronaut from other people", async () => {
    const reference = await embedFixture("astronaut.jpg");
    const others = (await people({ groupPhotos: 2 })).filter((p) => p.id !== "astronaut");
    expect(others.length).toBeGreaterThanOrEqual(5);
    for (const p of others) {
      const found = await largestFace(p.portrait);
      expect(found, p.id).not.toBeNull();
      const e = (await embedFaces(found!.work, [found!.face]))[0]!;
      expect(cosineSimilarity(reference, e), p.id).toBeLessThan(LIKENESS_THRESHOLD);
    }
  });
});

describe("similarity helpers", () => {
  it("cosineSimilarity: 1 for the same direction, 0 for orthogonal or zero vectors, refuses mismatched sizes", () => {
    expect(cosineSimilarity([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 10);
    expect(cosineSimilarity([1, 0], [0, 1])).toBe(0);
    expect(cosineSimilarity([0, 0], [1, 1])).toBe(0);
    expect(cosineSimilarity([1, 0], [-1, 0])).toBeCloseTo(-1, 10);
    expect(() => cosineSimilarity([1], [1, 2])).toThrow(/sizes differ/);
  });

  it("bestSimilarity takes the closest of several references", () => {
    expect(
      bestSimilarity(
        [1, 0],
        [
          [0, 1],
          [1, 0.1],
          [-1, 0],
        ],
      ),
    ).toBeCloseTo(cosineSimilarity([1, 0], [1, 0.1]), 10);
    expect(bestSimilarity([1, 0], [])).toBe(-1);
  });
});
