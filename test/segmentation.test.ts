// Person segmentation inside workerd, on the fixtures: the astronaut's face and suit are person,
// the studio background behind her is not; a photo without a person has (almost) no person.
import { describe, expect, it } from "vitest";
import { decodeImage } from "../worker/imaging/decode";
import { analyzePhoto } from "../worker/imaging/analyze";
import { featherMask, maskAt, personCoverage, segmentPerson } from "../worker/imaging/segmentation";
import { buildWorkingImage } from "../worker/imaging/working-image";
import { fixture } from "./fixtures/photos/fixtures";

async function maskOf(name: string) {
  return segmentPerson(buildWorkingImage(await decodeImage(fixture(name))));
}

describe("segmentPerson", () => {
  it("marks the astronaut as person and the background behind her as not", async () => {
    const mask = await maskOf("astronaut.jpg");
    const f = await analyzePhoto(fixture("astronaut.jpg"));
    const face = f.faces.items[f.faces.primary!.index]!.box;
    const u = (face.x + face.width / 2) / f.source.width;
    const v = (face.y + face.height / 2) / f.source.height;
    expect(maskAt(mask, u, v)).toBeGreaterThan(0.9);
    // The suit below the face.
    expect(maskAt(mask, u, 0.85)).toBeGreaterThan(0.9);
    // The top corners: flag on the left, the shuttle model on the right.
    for (const [cu, cv] of [
      [0.05, 0.05],
      [0.95, 0.05],
      [0.05, 0.3],
    ])
      expect(maskAt(mask, cu!, cv!)).toBeLessThan(0.1);
    const coverage = personCoverage(mask);
    expect(coverage).toBeGreaterThan(0.25);
    expect(coverage).toBeLessThan(0.8);
  });

  it("finds no person in a scene without one; known limits on close-up subjects", async () => {
    expect(personCoverage(await maskOf("rocket-landscape.jpg"))).toBeLessThan(0.05);
    // Known limits (the model cuts out the prominent subject of a selfie-like frame): the cat is
    // segmented as if it were a person, and the close-up cup partly. Callers segment only where a
    // face was detected.
    expect(personCoverage(await maskOf("chelsea-cat.jpg"))).toBeGreaterThan(0.5);
    expect(personCoverage(await maskOf("coffee.jpg"))).toBeLessThan(0.25);
  });

  it("featherMask keeps the inside solid, the outside empty, and makes the edge a gradual ramp", async () => {
    const size = 64;
    const data = new Float32Array(size * size);
    for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) data[y * size + x] = x < size / 2 ? 1 : 0;
    const soft = featherMask({ size, data }, 3);
    const row = Array.from(soft.data.subarray(10 * size, 11 * size));
    expect(row[5]).toBe(1);
    expect(row[60]).toBe(0);
    const ramp = row.filter((v) => v > 0 && v < 1);
    expect(ramp.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < size; i++) expect(row[i]!).toBeLessThanOrEqual(row[i - 1]!);
  });
});
