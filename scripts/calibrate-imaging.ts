// Measures the labelled fixtures inside workerd (test/imaging.calibration.test.ts through the
// vitest pool) and writes the table to bench/IMAGING-CALIBRATION.md.
//
//   node --import tsx scripts/calibrate-imaging.ts
//
// Thresholds live in worker/imaging/thresholds.ts; this prints what they are judged against.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

interface Row {
  name: string;
  expected: string[];
  flagged: string[];
  facesExpected: number | null;
  faces: number;
  confidences: number[];
  size: string;
  meanLuminance: number;
  shadowsClipped: number;
  highlightsClipped: number;
  rms: number;
  laplacian: number;
  laplacianDenoised: number;
  faceLaplacian: number | null;
  relative: number;
  faceRelative: number | null;
  p05: number;
  p95: number;
  noise: number;
  noiseGlobal: number;
  castChroma: number;
  castAB: [number, number];
  faceWidth: number | null;
  roll: number | null;
  eyeLine: number | null;
}

const root = join(import.meta.dirname, "..");
const run = spawnSync("npx", ["vitest", "run", "test/imaging.calibration.test.ts"], {
  cwd: root,
  env: { ...process.env, IMAGING_REPORT: "calibration" },
  encoding: "utf8",
  maxBuffer: 64 * 1024 * 1024,
});
// biome-ignore lint/suspicious/noControlCharactersInRegex: strips the ANSI colour codes of vitest's output
const output = (run.stdout + run.stderr).replace(/\x1b\[[0-9;]*m/g, "");
const line = output.split("\n").find((l) => l.includes("IMAGING_REPORT ["));
if (run.status !== 0 || !line) {
  console.error(output);
  console.error("calibration run failed");
  process.exit(1);
}
const rows = JSON.parse(line.slice(line.indexOf("["))) as Row[];

const n = (v: number | null, digits = 2) => (v === null ? "-" : v.toFixed(digits));
const list = (xs: string[]) => (xs.length ? xs.join(", ") : "none");
const verdict = (r: Row) => {
  const missing = r.expected.filter((d) => !r.flagged.includes(d));
  const extra = r.flagged.filter((d) => !r.expected.includes(d));
  if (!missing.length && !extra.length) return "ok";
  return [missing.length ? `missed ${missing.join(", ")}` : "", extra.length ? `extra ${extra.join(", ")}` : ""].filter(Boolean).join("; ");
};

const table = [
  "| fixture | size | expected defects | flagged | faces (exp/got) | detector scores >= 0.1 | mean luma | p05 / p95 | shadows clip | highlights clip | RMS contrast | Laplacian var | Laplacian - noise | relative sharpness | face Laplacian | face relative sharpness | noise sigma (blocks) | noise sigma (global) | cast C*ab (a*, b*) | face width | roll deg | verdict |",
  "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
  ...rows
    .map((r) =>
      [
        r.name,
        r.size,
        list(r.expected),
        list(r.flagged),
        `${r.facesExpected ?? "-"}/${r.faces}`,
        r.confidences.map((c) => c.toFixed(2)).join(" ") || "-",
        n(r.meanLuminance, 3),
        `${n(r.p05)} / ${n(r.p95)}`,
        n(r.shadowsClipped, 3),
        n(r.highlightsClipped, 3),
        n(r.rms, 3),
        n(r.laplacian, 0),
        n(r.laplacianDenoised, 0),
        n(r.relative, 4),
        n(r.faceLaplacian, 0),
        n(r.faceRelative, 4),
        n(r.noise),
        n(r.noiseGlobal),
        `${n(r.castChroma, 1)} (${n(r.castAB[0], 1)}, ${n(r.castAB[1], 1)})`,
        n(r.faceWidth, 3),
        n(r.roll, 1),
        verdict(r),
      ].join(" | "),
    )
    .map((l) => `| ${l} |`),
].join("\n");

const file = join(root, "bench", "IMAGING-CALIBRATION.md");
const doc = readFileSync(file, "utf8");
const begin = "<!-- calibration-table:begin -->";
const end = "<!-- calibration-table:end -->";
const stamp = `Measured ${new Date().toISOString().slice(0, 10)} inside workerd (vitest pool), thresholds ${
  /THRESHOLDS_VERSION = "([^"]+)"/.exec(readFileSync(join(root, "worker", "imaging", "thresholds.ts"), "utf8"))?.[1]
}.`;
const updated = doc.includes(begin)
  ? `${doc.slice(0, doc.indexOf(begin) + begin.length)}\n${stamp}\n\n${table}\n${doc.slice(doc.indexOf(end))}`
  : `${doc}\n${begin}\n${stamp}\n\n${table}\n${end}\n`;
writeFileSync(file, updated);
console.log(table);
console.log(`\nwritten to ${file}`);
