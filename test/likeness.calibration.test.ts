// Builds the labelled likeness set (test/fixtures/likeness-set.ts), embeds every face and prints
// one JSON line of same / different-person similarities for scripts/calibrate-likeness.ts.
// Runs only with IMAGING_REPORT=likeness.
import { env } from "cloudflare:test";
import { it } from "vitest";
import { cosineSimilarity, CHIP_GEOMETRY } from "../worker/imaging/identity";
import { embedFaces, visionOf } from "../worker/imaging/vision";
import { largestFace, people, VARIANTS } from "./fixtures/likeness-set";

const report = (env as unknown as Record<string, string | undefined>).IMAGING_REPORT;

it.skipIf(report !== "likeness")(
  "measures same / different-person similarities",
  async () => {
    const geometries = JSON.parse((env as unknown as Record<string, string>).LIKENESS_GEOMETRIES || "null") ?? [CHIP_GEOMETRY];
    const set = await people();
    // Per person: the portrait's face and each variant's face (null where no face was found).
    const faces = [];
    for (const p of set) {
      const base = await largestFace(p.portrait);
      const variants = [];
      for (const v of VARIANTS) variants.push({ name: v.name, found: await largestFace(await v.apply(p.portrait)) });
      faces.push({ id: p.id, width: p.portrait.width, base, variants });
    }
    const results = [];
    for (const g of geometries) {
      const emb = async (x: Awaited<ReturnType<typeof largestFace>>) => (x ? (await embedFaces(visionOf(env), x.work, [x.face], g))[0]! : null);
      const people = [];
      for (const f of faces) {
        people.push({ id: f.id, base: await emb(f.base), variants: await Promise.all(f.variants.map(async (v) => ({ name: v.name, e: await emb(v.found) }))) });
      }
      const same: { id: string; variant: string; s: number }[] = [];
      const different: { a: string; b: string; s: number }[] = [];
      for (const p of people) {
        if (!p.base) continue;
        for (const v of p.variants) if (v.e) same.push({ id: p.id, variant: v.name, s: cosineSimilarity(p.base, v.e) });
      }
      for (let i = 0; i < people.length; i++) {
        for (let j = 0; j < people.length; j++) {
          if (i === j || !people[i]!.base || !people[j]!.base) continue;
          // Each unordered pair of portraits once, and every variant of i against j's portrait.
          if (i < j) different.push({ a: people[i]!.id, b: people[j]!.id, s: cosineSimilarity(people[i]!.base!, people[j]!.base!) });
          for (const v of people[i]!.variants) if (v.e) different.push({ a: `${people[i]!.id}/${v.name}`, b: people[j]!.id, s: cosineSimilarity(v.e, people[j]!.base!) });
        }
      }
      results.push({ geometry: g, same, different });
    }
    const missing = faces.flatMap((f) => [...(f.base ? [] : [`${f.id}`]), ...f.variants.filter((v) => !v.found).map((v) => `${f.id}/${v.name}`)]);
    console.log(`LIKENESS_REPORT ${JSON.stringify({ people: faces.map((f) => ({ id: f.id, width: f.width })), missing, results })}`);
  },
  600_000,
);
