// Timing and memory of analyzePhoto inside workerd, printed as one JSON line for bench/imaging.ts
// (which writes bench/IMAGING.md). Runs only with IMAGING_REPORT=bench (vitest.config.ts binding).
import { env } from "cloudflare:test";
import { it } from "vitest";
import { analyzePhoto } from "../worker/imaging/analyze";
import { codecMemory, decodeImage } from "../worker/imaging/decode";
import { tfBackendMemory } from "../worker/imaging/tf-runtime";
import { fixture } from "./fixtures/photos/fixtures";

const report = (env as unknown as Record<string, string | undefined>).IMAGING_REPORT;
const RUNS = 25;

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};
const summary = (xs: number[]) => ({ median: quantile(xs, 0.5), p90: quantile(xs, 0.9), min: Math.min(...xs) });

it.skipIf(report !== "bench")(
  "measures analyzePhoto",
  async () => {
    const memory = async () => ({ ...(await codecMemory()), detector: await tfBackendMemory() });
    const before = await memory();
    // Cold: the first call pays codec instantiation, tfjs backend init and model load.
    const t0 = performance.now();
    await analyzePhoto(fixture("bench-1080x1350.jpg"));
    const coldMs = performance.now() - t0;
    const afterCold = await memory();

    const inputs = [];
    for (const name of ["astronaut.jpg", "bench-1080x1350.jpg", "bench-1638x2048.jpg"]) {
      const bytes = fixture(name);
      for (let i = 0; i < 3; i++) await analyzePhoto(bytes); // warm the JIT
      const decode: number[] = [];
      const total: number[] = [];
      const stages = { decodeMs: [] as number[], resizeMs: [] as number[], facesMs: [] as number[], metricsMs: [] as number[] };
      for (let i = 0; i < RUNS; i++) {
        const d0 = performance.now();
        await decodeImage(bytes);
        decode.push(performance.now() - d0);
        const a0 = performance.now();
        const f = await analyzePhoto(bytes);
        total.push(performance.now() - a0);
        for (const k of Object.keys(stages) as (keyof typeof stages)[]) stages[k].push(f.timings[k]);
      }
      const f = await analyzePhoto(bytes);
      inputs.push({
        name,
        size: `${f.source.width}x${f.source.height}`,
        bytes: bytes.length,
        working: `${f.working.width}x${f.working.height}`,
        decodeOnly: summary(decode),
        analyze: summary(total),
        stages: Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, summary(v)])),
        rgbaBytes: f.source.width * f.source.height * 4,
        workingBytes: f.working.width * f.working.height * 4 * 4, // RGB + luma float32
      });
    }
    const after = await memory();
    console.log(`IMAGING_REPORT ${JSON.stringify({ runs: RUNS, coldMs, memory: { before, afterCold, after }, inputs })}`);
  },
  300_000,
);
