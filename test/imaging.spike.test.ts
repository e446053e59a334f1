import { it } from "vitest";
import { fixture, calibrationFixtures } from "./fixtures/photos/fixtures";
import { analyzePhoto } from "../worker/imaging/analyze";
it("spike", async () => {
  for (const name of calibrationFixtures) {
    const f = await analyzePhoto(fixture(name));
    console.log(name, f.defects.join(","), f.faces.count, JSON.stringify(f.timings));
  }
});
