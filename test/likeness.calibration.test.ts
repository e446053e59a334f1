// Builds the labelled likeness set (test/fixtures/likeness-set.ts), embeds every face and prints
// one JSON line of same / different-person similarities for scripts/calibrate-likeness.ts.
// Runs only with IMAGING_REPORT=likeness.
import { env } from "cloudflare:test";
import { it } from "vitest";
import { cosineSimilarity, CHIP_GEOMETRY } from "../worker/imaging/identity";
import { detectFaces } from "../worker/imaging/faces";
import { embedFaces, visionOf } from "../worker/imaging/vision";
import { buildWorkingImage } from "../worker/imaging/working-image";
import { centralFace, people, type Rgba, VARIANTS } from "./fixtures/likeness-set";

const report = (env as unknown as Record<string, string | undefined>).IMAGING_REPORT;

it.skipIf(report !== "likeness")(
  "measures same / different-person similarities",
  async () => {
    const vars = env as unknown as Record<string, string | undefined>;
    const geometries = JSON.parse(vars.LIKENESS_GEOMETRIES || "null") ?? [CHIP_GEOMETRY];
    // Face widths (working-image pixels) of the face-size sweep; 0 = as found (full size).
    const sizes: number[] = JSON.parse(vars.LIKENESS_FACE_SIZES || "[]");
    const set = await people();
    // Per person: the portrait's face and each variant's face (null where no face was found).
    const faces = [];
    for (const p of set) {
      const base = await centralFace(p.portrait);
      const variants = [];
      for (const v of VARIANTS) {
        const img = await v.apply(p.portrait);
        variants.push({ name: v.name, img, found: await centralFace(img) });
      }
      faces.push({ id: p.id, width: p.portrait.width, img: p.portrait, base, variants });
    }
    const results = [];
    for (const g of geometries) {
      const emb = async (x: Awaited<ReturnType<typeof centralFace>>) => (x ? (await embedFaces(visionOf(env), x.work, [x.face], g))[0]! : null);
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
    // Face-size sweep (CHIP_GEOMETRY): each portrait and variant is shrunk (area average, as the
    // working image is made) until its face is n px wide, its face found again on that small image
    // (as on a real small face: the keypoints the chip is aligned on are less precise) and embedded.
    // A second pass aligns on the keypoints found at full size instead (the chip's resolution
    // alone). Each probe is compared with the full-size portraits: the same person's (its own and
    // the cross-photo twin's) and everyone else's, as a small face in a group photo is compared with
    // the set's selfies.
    type Found = Awaited<ReturnType<typeof centralFace>>;
    const fullWidth = (x: NonNullable<Found>) => x.face.box.width / x.work.scale;
    const embAt = async (img: Rgba, x: Found, n: number, redetect: boolean) => {
      if (!x) return null;
      if (!(n > 0 && n < fullWidth(x))) return (await embedFaces(visionOf(env), x.work, [x.face]))[0]!;
      const work = buildWorkingImage(img, Math.max(8, Math.round((Math.max(img.width, img.height) * n) / x.face.box.width)));
      let face = x.face;
      if (redetect) {
        const { faces: found } = await detectFaces(work, 0.6);
        if (!found.length) return "undetected" as const;
        const off = (f: (typeof found)[number]) => Math.hypot(f.box.x + f.box.width / 2 - img.width / 2, f.box.y + f.box.height / 2 - img.height / 2);
        face = found.reduce((a, b) => (off(b) < off(a) ? b : a));
      }
      return (await embedFaces(visionOf(env), work, [face]))[0]!;
    };
    const full = [];
    for (const f of faces) full.push((await embAt(f.img, f.base, 0, false)) as Float32Array | null);
    const sweep = [];
    for (const redetect of [true, false]) {
      for (const n of sizes) {
        const same: { id: string; variant: string; s: number }[] = [];
        const different: { a: string; b: string; s: number }[] = [];
        const portraitSelf: number[] = [];
        const undetected: string[] = [];
        for (const [i, f] of faces.entries()) {
          const probes = [{ name: "", e: await embAt(f.img, f.base, n, redetect) }];
          for (const v of f.variants) probes.push({ name: v.name, e: await embAt(v.img, v.found, n, redetect) });
          for (const p of probes) {
            const a = p.name ? `${f.id}/${p.name}` : f.id;
            if (p.e === "undetected") undetected.push(a);
            if (!p.e || p.e === "undetected") continue;
            if (full[i]) {
              if (p.name) same.push({ id: f.id, variant: p.name, s: cosineSimilarity(p.e, full[i]!) });
              else portraitSelf.push(cosineSimilarity(p.e, full[i]!));
            }
            for (const [j, g] of faces.entries()) if (j !== i && full[j]) different.push({ a, b: g.id, s: cosineSimilarity(p.e, full[j]!) });
          }
        }
        sweep.push({ n, redetect, same, different, portraitSelf, undetected });
      }
    }
    const faceWidths = faces.flatMap((f) => (f.base ? [Math.round(fullWidth(f.base))] : []));
    // Portraits with a neighbour's face in the frame too (the central one is the person's).
    const crowded = faces.filter((f) => (f.base?.others ?? 0) > 0).map((f) => f.id);
    const missing = faces.flatMap((f) => [...(f.base ? [] : [`${f.id}`]), ...f.variants.filter((v) => !v.found).map((v) => `${f.id}/${v.name}`)]);
    console.log(`LIKENESS_REPORT ${JSON.stringify({ people: faces.map((f) => ({ id: f.id, width: f.width })), missing, results, faceWidths, sweep, crowded })}`);
  },
  1_800_000,
);
