import { it } from "vitest";
import astro from "./fixtures/photos/astronaut.jpg?inline";
import rot from "./fixtures/photos/astronaut-exif-rotated.jpg?inline";
import { decodeImage, readDimensions, codecMemory } from "../worker/imaging/decode";

function b64(s: string) { const bin = atob(s.slice(s.indexOf(",") + 1)); const u = new Uint8Array(bin.length); for (let i = 0; i < bin.length; i++) u[i] = bin.charCodeAt(i); return u; }
it("spike decode", async () => {
  console.log(typeof astro, String(astro).slice(0, 40));
  for (const f of [astro, rot]) {
    const bytes = b64(f as string);
    console.log(readDimensions(bytes));
    const t0 = performance.now();
    const img = await decodeImage(bytes);
    console.log(img.width, img.height, img.data.length, performance.now() - t0);
    // top-left region colour sample to check orientation: print mean of the first row
    let s = 0; for (let x = 0; x < img.width; x++) s += img.data[x * 4]!; console.log("row0 mean R", s / img.width);
  }
  console.log(await codecMemory());
});
