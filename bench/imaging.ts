// Imaging benchmark: runs bench/imaging.bench.test.ts inside workerd (vitest pool) and writes the
// figures to bench/IMAGING.md, as milliseconds and as ratios to decode-only time measured in the
// same run (the machine is shared and noisy: ratios travel better than absolute numbers).
//
//   node --import tsx bench/imaging.ts
import { spawnSync } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

interface Stat {
  median: number;
  p90: number;
  min: number;
}
interface Input {
  name: string;
  size: string;
  bytes: number;
  working: string;
  decodeOnly: Stat;
  analyze: Stat;
  stages: Record<"decodeMs" | "resizeMs" | "facesMs" | "poseMs" | "objectsMs" | "metricsMs", Stat>;
  rgbaBytes: number;
  workingBytes: number;
}
interface Memory {
  jpeg: number;
  webp: number;
  png: number;
  detector: number;
}
interface PackRow {
  name: string;
  faces: number;
  extraInputs: number;
  decodeOnly: Stat;
  detect: Stat;
  landmarks: Stat;
}
interface Report {
  pack: PackRow[];
  models: string[];
  modelBytes: number;
  runs: number;
  coldMs: number;
  memory: { before: Memory; afterCold: Memory; after: Memory };
  heapSteps: { step: string; detectorBytes: number }[];
  sceneHeapBytes: number;
  inputs: Input[];
}

const root = join(import.meta.dirname, "..");
const loadBefore = loadavg()[0]!;
const run = spawnSync("npx", ["vitest", "run", "bench/imaging.bench.test.ts"], {
  cwd: root,
  env: { ...process.env, IMAGING_REPORT: "bench" },
  encoding: "utf8",
  maxBuffer: 64 * 1024 * 1024,
});
// biome-ignore lint/suspicious/noControlCharactersInRegex: strips the ANSI colour codes of vitest's output
const output = (run.stdout + run.stderr).replace(/\x1b\[[0-9;]*m/g, "");
const line = output.split("\n").find((l) => l.includes("IMAGING_REPORT {"));
if (run.status !== 0 || !line) {
  console.error(output);
  console.error("benchmark run failed");
  process.exit(1);
}
const r = JSON.parse(line.slice(line.indexOf("{"))) as Report;
const likenessLine = output.split("\n").find((l) => l.includes("LIKENESS_REPORT {"));
if (!likenessLine) {
  console.error(output);
  console.error("likeness benchmark missing from the run");
  process.exit(1);
}
const lk = JSON.parse(likenessLine.slice(likenessLine.indexOf("{"))) as {
  runs: number;
  likeness: number;
  heap: Record<"before" | "afterReference" | "afterRender" | "after", number>;
  visionHeap: Record<"before" | "afterReference" | "after", number>;
} & Record<"reference" | "render" | "shrink" | "check" | "embed" | "store", Stat>;

const ms = (v: number) => v.toFixed(1);
const mb = (v: number) => (v / 1024 / 1024).toFixed(1);
const x = (v: number, base: number) => `${(v / base).toFixed(2)}x`;
const pct = (part: number, whole: number) => `${Math.round((part / whole) * 100)}%`;
const rows = r.inputs.map((i) => {
  const base = i.decodeOnly.median;
  return `| ${i.name} | ${i.size} (${(i.bytes / 1024).toFixed(0)} KiB) | ${i.working} | ${ms(base)} | ${ms(i.analyze.median)} / ${ms(i.analyze.p90)} | ${x(i.analyze.median, base)} | ${ms(i.stages.decodeMs.median)} | ${ms(i.stages.resizeMs.median)} | ${ms(i.stages.facesMs.median)} | ${ms(i.stages.poseMs.median)} | ${ms(i.stages.objectsMs.median)} | ${ms(i.stages.metricsMs.median)} | ${mb(i.rgbaBytes)} | ${mb(i.workingBytes)} |`;
});
const mem = (m: Memory) => `JPEG ${mb(m.jpeg)} MB, WebP ${mb(m.webp)} MB, PNG ${mb(m.png)} MB, detector ${mb(m.detector)} MB`;
const cpu = cpus()[0]?.model ?? "unknown CPU";
const table = `Run ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC on ${cpus().length} x ${cpu}, Node ${process.version}, workerd from wrangler 4.86.0 (vitest pool); 1-min load average ${loadBefore.toFixed(1)} before the run (shared machine). ${r.runs} timed runs per input after 3 warm-up runs.

| input | size | working image | decode only, median ms (baseline) | analyzePhoto median / p90 ms | analyze vs decode | decode | shrink | faces | pose (only without a frame-filling face) | scene objects (same rule) | metrics | full RGBA MB | working image MB |
|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
${rows.join("\n")}

The face pack on its own (the same working image each run; \`detectFaces\` then \`measureLandmarks\`), against decoding the same bytes in the same run:

| input | faces | tiles + re-checks | decode only, median ms (baseline) | detection median / p90 ms | landmarks (mesh + iris) median / p90 ms | pack vs decode |
|---|---|---|---|---|---|---|
${r.pack.map((p) => `| ${p.name} | ${p.faces} | ${p.extraInputs} | ${ms(p.decodeOnly.median)} | ${ms(p.detect.median)} / ${ms(p.detect.p90)} | ${ms(p.landmarks.median)} / ${ms(p.landmarks.p90)} | ${x(p.detect.median + p.landmarks.median, p.decodeOnly.median)} |`).join("\n")}

Models loaded in the isolate: ${r.models.join(", ")} (${mb(r.modelBytes)} MB of weights as stored).

Cold first call (codec instantiation, tfjs WASM backend init, models read from the MODELS bucket and compiled, then a 1080x1350 analysis): ${ms(r.coldMs)} ms.

The headshot likeness check per image (\`checkRender\`: a <= 512 px copy through the Images binding, then face detection, the 128-D embedding and the comparison with the selfie's), against the rest of the Worker's work on the same image in the same run. ${lk.runs} timed runs on local preview renders of the astronaut (likeness ${lk.likeness.toFixed(3)}):

| stage, per image | median / p90 ms |
|---|---|
| local preview render (segmentation, grading, JPEG) | ${ms(lk.render.median)} / ${ms(lk.render.p90)} |
| likeness: Images-binding copy to <= 512 px | ${ms(lk.shrink.median)} / ${ms(lk.shrink.p90)} |
| likeness: decode, detect, embed, compare | ${ms(lk.check.median)} / ${ms(lk.check.p90)} |
| (of which the embedding alone) | ${ms(lk.embed.median)} / ${ms(lk.embed.p90)} |
| store the image and its thumbnail in R2 | ${ms(lk.store.median)} / ${ms(lk.store.p90)} |
| once per selfie: its reference embedding | ${ms(lk.reference.median)} / ${ms(lk.reference.p90)} |

Share of the Worker's per-image work taken by the likeness check (medians): offline (render + check + store) ${pct(lk.shrink.median + lk.check.median, lk.render.median + lk.shrink.median + lk.check.median + lk.store.median)}; with Replicate (check + store; the model runs at Replicate and the output download is not counted) ${pct(lk.shrink.median + lk.check.median, lk.shrink.median + lk.check.median + lk.store.median)}. A render that fails is re-rendered once and checked again: at most twice the render and check for that image.

The inference (tfjs WASM) heap, step by step in the API isolate (the face embedding and the scene objects run in the vision and scene Workers' isolates, below): it grows to the largest working set and never shrinks while the isolate lives, and it holds every loaded model's weights as float32. Each figure includes the ones before.

| after | inference heap MB |
|---|---|
${r.heapSteps.map((h) => `| ${h.step} | ${(h.detectorBytes / 2 ** 20).toFixed(1)} |`).join("\n")}
| + the benchmark's ${r.inputs.length * (r.runs * 2 + 4)} analyses and the face pack runs | ${(r.memory.after.detector / 2 ** 20).toFixed(1)} |
| + the likeness test's start (a fresh run of the file may share the isolate: ${(lk.heap.before / 2 ** 20).toFixed(1)} here) and a selfie's reference embedding (detection here, the embedding in the vision Worker) | ${(lk.heap.afterReference / 2 ** 20).toFixed(1)} |
| + one local preview render (person segmentation, grading at full size) | ${(lk.heap.afterRender / 2 ** 20).toFixed(1)} |
| + ${lk.runs + 3} renders and likeness checks | ${(lk.heap.after / 2 ** 20).toFixed(1)} |

The vision Worker's isolate (wrangler.vision.toml; reached through the VISION service binding): before its first call ${(lk.visionHeap.before / 2 ** 20).toFixed(1)} MB, after a selfie's reference embedding (face embedding model) ${(lk.visionHeap.afterReference / 2 ** 20).toFixed(1)} MB, after the ${lk.runs + 3} likeness checks ${(lk.visionHeap.after / 2 ** 20).toFixed(1)} MB.

The scene Worker's isolate (wrangler.scene.toml; reached through the SCENE service binding, NanoDet only): after the whole analysis benchmark ${(r.sceneHeapBytes / 2 ** 20).toFixed(1)} MB.

WASM linear memory (not freed by JS GC while an instance lives): before any call ${mem(r.memory.before)}; after the first call ${mem(r.memory.afterCold)}; after all ${r.inputs.length * (r.runs * 2 + 4)} calls ${mem(r.memory.after)}.`;

const file = join(root, "bench", "IMAGING.md");
const doc = readFileSync(file, "utf8");
const begin = "<!-- imaging-bench:begin -->";
const end = "<!-- imaging-bench:end -->";
writeFileSync(file, `${doc.slice(0, doc.indexOf(begin) + begin.length)}\n${table}\n${doc.slice(doc.indexOf(end))}`);
console.log(table);
console.log(`\nwritten to ${file}`);
