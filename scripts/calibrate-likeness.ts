// Builds the labelled likeness set inside workerd (test/likeness.calibration.test.ts), embeds every
// face with each candidate chip geometry and writes the ROC table to bench/LIKENESS-CALIBRATION.md.
//
//   node --import tsx scripts/calibrate-likeness.ts
//
// It also runs the face-size sweep (each face shrunk to N px wide) that MIN_EMBED_FACE_PX is chosen
// from. LIKENESS_REPORT_FILE=<file> re-renders the report from a saved run's output instead.
//
// The group photos come from the @vladmandic/face-api devDependency at run time and are never
// written anywhere; the report holds only identifiers and similarities.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CHIP_GEOMETRY, LIKENESS_THRESHOLD, MIN_EMBED_FACE_PX, type ChipGeometry } from "../worker/imaging/identity";

interface Result {
  geometry: ChipGeometry;
  same: { id: string; variant: string; s: number }[];
  different: { a: string; b: string; s: number }[];
}
interface Sweep {
  /** Face width in working-image pixels; 0 = as found. */
  n: number;
  same: { id: string; variant: string; s: number }[];
  different: { a: string; b: string; s: number }[];
  /** Whether the face was found again on the shrunk image (else the full-size keypoints are used). */
  redetect: boolean;
  /** Each portrait shrunk to n against itself at full size. */
  portraitSelf: number[];
  /** Probes whose face the detector did not find at n px (left out of the pairs). */
  undetected: string[];
}
interface Report {
  people: { id: string; width: number }[];
  missing: string[];
  results: Result[];
  faceWidths: number[];
  sweep: Sweep[];
  crowded: string[];
}

const FACE_SIZES = [16, 24, 32, 40, 48, 56, 64, 80, 96, 0];

// Two portraits found to be one person, checked by eye (same face, hair and freckles in two
// different photos): their pairs count as same-person, the only cross-photo pairs of the set.
const SAME_PERSON = [["sample1#3", "sample3#2"]];

const GEOMETRIES: ChipGeometry[] = [
  CHIP_GEOMETRY,
  { ...CHIP_GEOMETRY, mirror: false },
  { eyeDistance: 0.33, eyeLine: 0.4, mirror: false },
  { eyeDistance: 0.46, eyeLine: 0.33, mirror: true },
  { eyeDistance: 0.5, eyeLine: 0.36, mirror: false },
];

const root = join(import.meta.dirname, "..");
const saved = process.env.LIKENESS_REPORT_FILE;
const run = saved
  ? { status: 0, stdout: readFileSync(saved, "utf8"), stderr: "" }
  : spawnSync("npx", ["vitest", "run", "test/likeness.calibration.test.ts"], {
      cwd: root,
      env: { ...process.env, IMAGING_REPORT: "likeness", LIKENESS_GEOMETRIES: JSON.stringify(GEOMETRIES), LIKENESS_FACE_SIZES: JSON.stringify(FACE_SIZES) },
      encoding: "utf8",
      maxBuffer: 256 * 1024 * 1024,
    });
const line = run.stdout.split("\n").find((l) => l.includes("LIKENESS_REPORT "));
if (run.status !== 0 || !line) {
  process.stderr.write(run.stdout.slice(-4000) + run.stderr.slice(-4000));
  throw new Error("the likeness report did not run");
}
const report = JSON.parse(line.slice(line.indexOf("LIKENESS_REPORT ") + 16)) as Report;

const person = (id: string) => id.split("/")[0]!;
const linked = (a: string, b: string) => SAME_PERSON.some(([x, y]) => (person(a) === x && person(b) === y) || (person(a) === y && person(b) === x));

function split(r: Pick<Result, "same" | "different">) {
  const same = [...r.same.map((x) => x.s), ...r.different.filter((d) => linked(d.a, d.b)).map((d) => d.s)].sort((a, b) => a - b);
  const crossPhoto = r.different.filter((d) => linked(d.a, d.b)).map((d) => d.s);
  const different = r.different.filter((d) => !linked(d.a, d.b));
  return { same, crossPhoto, different, diff: different.map((d) => d.s).sort((a, b) => a - b) };
}

const rate = <T>(xs: T[], pred: (x: T) => boolean) => xs.filter(pred).length;
const pct = (n: number, of: number) => `${((100 * n) / of).toFixed(2)}% (${n}/${of})`;
const f3 = (x: number) => x.toFixed(3);

const chosen = split(report.results[0]!);
const thresholds = [...new Set([0.93, 0.935, 0.94, 0.945, 0.95, 0.955, 0.958, 0.96, 0.962, 0.965, 0.97, 0.975, 0.98, LIKENESS_THRESHOLD])].sort((a, b) => a - b);
const roc = thresholds.map((t) => {
  const frr = rate(chosen.same, (s) => s < t);
  const far = rate(chosen.diff, (s) => s >= t);
  return `| ${t.toFixed(3)}${t === LIKENESS_THRESHOLD ? " **(chosen)**" : ""} | ${pct(frr, chosen.same.length)} | ${pct(far, chosen.diff.length)} |`;
});
const geometryRows = report.results.map((r) => {
  const s = split(r);
  let best = { t: 0, err: Infinity, frr: 0, far: 0 };
  for (let t = 0.9; t < 0.99; t += 0.001) {
    const frr = rate(s.same, (x) => x < t) / s.same.length;
    const far = rate(s.diff, (x) => x >= t) / s.diff.length;
    if (frr + far < best.err) best = { t, err: frr + far, frr, far };
  }
  const g = r.geometry;
  return `| ${g.eyeDistance} | ${g.eyeLine} | ${g.mirror ? "yes" : "no"} | ${f3(s.same[0]!)} | ${f3(s.diff[s.diff.length - 1]!)} | ${f3(Math.min(...s.crossPhoto))} | ${f3(best.t)} | ${(100 * best.frr).toFixed(2)}% / ${(100 * best.far).toFixed(3)}% |`;
});
const variantRows = [...new Set(report.results[0]!.same.map((x) => x.variant))].map((v) => {
  const xs = report.results[0]!.same.filter((x) => x.variant === v).map((x) => x.s);
  return `| ${v} | ${xs.length} | ${f3(Math.min(...xs))} | ${f3(xs.reduce((a, b) => a + b, 0) / xs.length)} | ${rate(xs, (x) => x < LIKENESS_THRESHOLD)} |`;
});
const topDifferent = [...chosen.different]
  .sort((a, b) => b.s - a.s)
  .slice(0, 8)
  .map((d) => `| ${d.a} | ${d.b} | ${f3(d.s)} |`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

// Face-size sweep, at LIKENESS_THRESHOLD: a probe at n px against the full-size portraits.
const atThreshold = (w: Sweep) => {
  const s = split(w);
  return { s, frr: rate(s.same, (x) => x < LIKENESS_THRESHOLD), far: rate(s.diff, (x) => x >= LIKENESS_THRESHOLD) };
};
const sweepRows = report.sweep
  .filter((w) => w.redetect)
  .map((w) => {
    const { s, frr, far } = atThreshold(w);
    const fixed = atThreshold(report.sweep.find((x) => !x.redetect && x.n === w.n)!);
    const label = w.n === 0 ? "full size" : `${w.n} px${w.n === MIN_EMBED_FACE_PX ? " **(MIN_EMBED_FACE_PX)**" : ""}`;
    return `| ${label} | ${w.undetected.length} | ${pct(frr, s.same.length)} | ${pct(far, s.diff.length)} | ${pct(fixed.frr, fixed.s.same.length)} | ${pct(fixed.far, fixed.s.diff.length)} | ${f3(median(s.same))} | ${f3(s.same[0]!)} | ${f3(s.diff[s.diff.length - 1]!)} | ${w.portraitSelf.length ? f3(Math.min(...w.portraitSelf)) : "-"} |`;
  });
const widths = [...report.faceWidths].sort((a, b) => a - b);

const md = `# Likeness calibration

Generated by \`node --import tsx scripts/calibrate-likeness.ts\` (inside workerd, through the
vitest pool). The threshold and the face-size floor live in \`worker/imaging/identity.ts\`
(\`LIKENESS_THRESHOLD\`, \`MIN_EMBED_FACE_PX\`); the model and its licence in
\`worker/imaging/models/README.md\`.

## The labelled set

- **People**: ${report.people.length} portraits. The public-domain astronaut (test/fixtures/photos)
  and every face at least 60 px wide that the detector finds (in overlapping 640 px tiles) in the
  six group photos of \`@vladmandic/face-api\` 1.7.15 \`demo/\` (read from node_modules at run time;
  their licence is not stated, so nothing of them is committed). Each face is cut out as a square
  portrait of 2.6 face widths.
- **Same person**: each portrait against ${report.results[0]!.same.length / report.people.length} variants
  of itself (mirrored, darker x0.55, brighter and warmer, box blur r=2, JPEG q35, rotated 12 degrees,
  downscaled 2.5x and back, reframed 0.8x with -4 degrees), plus the ${chosen.crossPhoto.length} pairs between
  ${SAME_PERSON.map((p) => p.join(" and ")).join(", ")}: the same woman in two different photos
  (checked by eye). ${chosen.same.length} pairs in all.
- **Different people**: every pair of portraits of different people, and every variant against the
  other people's portraits: ${chosen.diff.length} pairs.
- Faces missed by the detector (not in the pairs): ${report.missing.length ? report.missing.join(", ") : "none"}.
- The person's face is the one nearest the portrait's centre, not the largest: in a tight group the
  portrait holds a neighbour's face too (${report.crowded.join(", ")}), and taking the largest
  labelled that neighbour as the person (an earlier run of this report did: its false accepts at
  0.955 were 0.43% and its false rejects 2.59%: 13 of its 17 false accepts and 4 of its 5 false
  rejects came from sample6#3 and sample6#4, a neighbour's face taken for the person's).

Limits of the set, to read the rates with: the same-person pairs are mostly edits of one photo,
easier than two real selfies or a render (new pose, expression, hair, light), so the false-reject
rate below is optimistic; the different people are ${report.people.length - 1} young women of similar looks photographed in
similar settings plus one astronaut, a hard set for false accepts, but small (no men, few ages and
skin tones): a FAR of 0.1% here is a handful of pairs, not a guarantee.

## Chip geometry (where the eyes are put on the 150 px chip)

| eye distance | eye line | mirror-averaged | same min | different max | cross-photo min | best threshold | FRR / FAR there |
|---|---|---|---|---|---|---|---|
${geometryRows.join("\n")}

The first row is the one used (\`CHIP_GEOMETRY\`). Averaging the embedding with the mirrored chip's
costs a second network pass per face and removes most of the mirrored / turned-face misses.

## ROC of the chosen geometry

Cosine similarity of raw dlib descriptors (not centred: different people still score
${f3(median(chosen.diff))} at the median, the same person ${f3(median(chosen.same))}).

| threshold | false rejects (same person below) | false accepts (different people at or above) |
|---|---|---|
${roc.join("\n")}

Chosen: **${LIKENESS_THRESHOLD}**: ${pct(
  rate(chosen.same, (x) => x < LIKENESS_THRESHOLD),
  chosen.same.length,
)} false rejects,
${pct(
  rate(chosen.diff, (x) => x >= LIKENESS_THRESHOLD),
  chosen.diff.length,
)} false accepts (portrait against portrait:
${rate(
  chosen.different.filter((d) => !d.a.includes("/")),
  (d) => d.s >= LIKENESS_THRESHOLD,
)} of ${chosen.different.filter((d) => !d.a.includes("/")).length}). Where to err:
a false reject costs a re-render and, at worst, a withheld image whose credit is refunded; a false
accept delivers a headshot of someone else, the complaint this check exists for. So the threshold
is the lowest with no false accept on the set (0.955, the previous value, let through 4 pairs,
0.10%, variants of two look-alike pairs), and at no cost in false rejects here. The margin is thin:
the closest different-person pair sits just under it, and on a set this small a FAR of 0 means "under
about 1 in 4,000", not never; raising it further buys little on this set (0.96 and 0.965 double and
quadruple the false rejects) and costs re-renders on real selfies, which differ more than these
edits do.

## Face size (MIN_EMBED_FACE_PX)

A face in a group photo or a far shot is only a few dozen pixels wide on the 512 px working image
the chip is sampled from, and the 150 px chip is then that blur upscaled. To see where the embedding
stops being reliable, each portrait and each of its variants is shrunk (area average, as the
working image is made) until its face is N px wide, embedded, and compared with the full-size
portraits: its own (the same-person pairs: the variants and the cross-photo twin) and everyone
else's (the different-person pairs, every probe against every other person's portrait), as a small
face in a group photo is compared with the selfies of the set. The face is found again on the
shrunk image, as on a real small face, so the chip is aligned on less precise eye keypoints (probes
whose face is not found are left out and counted); the "full-size keypoints" columns align on the
keypoints found at full size instead, the chip's resolution alone. The set's faces are
${widths[0]}-${widths[widths.length - 1]} px wide at full size (median ${median(widths)}), so the full-size row is the
same pairs unshrunk. Rates at the threshold in use, ${LIKENESS_THRESHOLD}.

| face width | not found | false rejects | false accepts | false rejects, full-size keypoints | false accepts, full-size keypoints | same median | same min | different max | portrait at N vs itself, min |
|---|---|---|---|---|---|---|---|---|---|
${sweepRows.join("\n")}

Chosen: **MIN_EMBED_FACE_PX = ${MIN_EMBED_FACE_PX}**, the smallest width whose rates are close to full
size's. The break is between 24 and 32 px: at 24 px (the old floor) a fifth of the same-person pairs
fall under the threshold. At 32 px the rates are near full size's but not at it: the shrunk
portrait's own similarity to itself bottoms out at the threshold, the same-person median drops to
0.98 and, at the old 0.955, false accepts were three times full size's. From 40 px on every column
is within a pair or two of full size's, and 56 px and up change nothing measurable. The margin is
not large: the set flatters small faces (sharp, well-lit portraits shrunk by an area average; a real
small face also carries the whole photo's blur, noise and JPEG), so 48 would be the cautious
choice. It would also drop the faces of the \`group-three.jpg\` fixture (42-44 px on the working
image), which test/analyses-identity.test.ts expects embedded; the ~65 px faces of its other group
photo are clear of both. A face under the floor is still detected and counted, only not embedded: a
group photo whose faces are all under it is "hard to tell".

Vectors stored under another floor are not reused: \`EMBEDDINGS_MODEL\` (worker/dating/set-faces.ts)
names the floor, and a photo whose stored model differs is embedded again when it is next analysed.

### Same-person pairs by variant

| variant | pairs | min | mean | below threshold |
|---|---|---|---|---|
${variantRows.join("\n")}

### Closest different-person pairs

| a | b | similarity |
|---|---|---|
${topDifferent.join("\n")}
`;
writeFileSync(join(root, "bench/LIKENESS-CALIBRATION.md"), md);
console.log(md);
