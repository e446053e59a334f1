// Near-duplicate fingerprints (worker/imaging/fingerprint.ts) on real decodes inside workerd:
// every re-save or re-edit of the same shot (re-encodes, resolution, exposure, colour, grain,
// blur) stays within NEAR_DUPLICATE_MAX_BITS of it, and every pair of different photos (the
// fixtures' unrelated scenes and face-api's six group photos) is further apart than that.
// Re-crops and burst-like shifts move the 9x8 grid and land between the two (11-18 bits here):
// they are measured and reported, not flagged, because a wrong "near-copy" would drop a photo.
import { describe, expect, it } from "vitest";
import { decodeImage, type DecodedImage } from "../worker/imaging/decode";
import { differenceHash, hashDistance, isNearDuplicate, NEAR_DUPLICATE_MAX_BITS } from "../worker/imaging/fingerprint";
import { buildWorkingImage } from "../worker/imaging/working-image";
import { fixture } from "./fixtures/photos/fixtures";

const demo = import.meta.glob<string>("../node_modules/@vladmandic/face-api/demo/sample*.jpg", { query: "?inline", import: "default", eager: true });
const demoBytes = (n: number) => Uint8Array.from(atob(demo[`../node_modules/@vladmandic/face-api/demo/sample${n}.jpg`]!.split(",")[1]!), (c) => c.charCodeAt(0));

/** The part of `image` inside the given fractions of its width and height (a re-crop or a shifted frame). */
function cropped(image: DecodedImage, left: number, top: number, right: number, bottom: number): DecodedImage {
  const x0 = Math.round(left * image.width);
  const y0 = Math.round(top * image.height);
  const width = Math.round(right * image.width) - x0;
  const height = Math.round(bottom * image.height) - y0;
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) data.set(image.data.subarray(((y0 + y) * image.width + x0) * 4, ((y0 + y) * image.width + x0 + width) * 4), y * width * 4);
  return { ...image, width, height, data };
}

const hashOf = (image: DecodedImage) => differenceHash(buildWorkingImage(image));
const hashOfFile = async (bytes: Uint8Array) => hashOf(await decodeImage(bytes));

describe("near-duplicate fingerprint", () => {
  it("keeps edits of the same shot within the threshold", async () => {
    const original = await hashOfFile(fixture("astronaut.jpg"));
    const edits = [
      "astronaut.webp",
      "astronaut-small.png",
      "astronaut-lowres.jpg",
      "astronaut-dark.jpg",
      "astronaut-overexposed.jpg",
      "astronaut-flat.jpg",
      "astronaut-color-cast.jpg",
      "astronaut-grainy.jpg",
      "astronaut-noisy.jpg",
      "astronaut-soft.jpg",
      "astronaut-blurred.jpg",
    ];
    const distances: Record<string, number> = {};
    for (const name of edits) distances[name] = hashDistance(original, await hashOfFile(fixture(name)));
    console.log(`FINGERPRINT re-edits ${JSON.stringify(distances)}`);
    for (const [name, d] of Object.entries(distances)) expect(d, name).toBeLessThanOrEqual(NEAR_DUPLICATE_MAX_BITS);
  });

  it("measures re-crops and shifted frames (reported, not flagged)", async () => {
    const distances: Record<string, number> = {};
    distances["astronaut-exif-rotated.jpg (512x400 of the 512x512)"] = hashDistance(
      await hashOfFile(fixture("astronaut.jpg")),
      await hashOfFile(fixture("astronaut-exif-rotated.jpg")),
    );
    for (const name of ["astronaut.jpg", "rocket-landscape.jpg", "coffee.jpg"]) {
      const image = await decodeImage(fixture(name));
      distances[`${name} re-cropped 5% off two sides`] = hashDistance(hashOf(image), hashOf(cropped(image, 0.05, 0, 1, 0.95)));
      distances[`${name} frame shifted 3%`] = hashDistance(hashOf(cropped(image, 0, 0, 0.97, 0.97)), hashOf(cropped(image, 0.03, 0.03, 1, 1)));
    }
    console.log(`FINGERPRINT re-crops ${JSON.stringify(distances)}`);
    // Closer than unrelated photos (never under 24 bits on this set), further than re-edits.
    for (const [name, d] of Object.entries(distances)) expect(d, name).toBeLessThan(24);
  });

  it("keeps different photos apart", async () => {
    const photos: Record<string, string> = {};
    for (const name of ["astronaut.jpg", "coffee.jpg", "chelsea-cat.jpg", "rocket-landscape.jpg", "clock-motion-blur.jpg"]) photos[name] = await hashOfFile(fixture(name));
    for (let n = 1; n <= 6; n++) photos[`face-api sample${n}.jpg`] = await hashOfFile(demoBytes(n));
    const names = Object.keys(photos);
    let closest = { pair: "", bits: 64 };
    for (let i = 0; i < names.length; i++) {
      for (let j = i + 1; j < names.length; j++) {
        const bits = hashDistance(photos[names[i]!]!, photos[names[j]!]!);
        if (bits < closest.bits) closest = { pair: `${names[i]} / ${names[j]}`, bits };
        expect(isNearDuplicate(photos[names[i]!]!, photos[names[j]!]!), `${names[i]} / ${names[j]}: ${bits} bits`).toBe(false);
      }
    }
    console.log(`FINGERPRINT closest different pair ${JSON.stringify(closest)} of ${(names.length * (names.length - 1)) / 2}`);
  });

  it("counts differing bits", () => {
    expect(hashDistance("0000000000000000", "0000000000000000")).toBe(0);
    expect(hashDistance("0000000000000000", "ffffffffffffffff")).toBe(64);
    expect(hashDistance("8000000000000001", "0000000000000000")).toBe(2);
  });
});
