// Timing and memory of analyzePhoto inside workerd, printed as one JSON line for bench/imaging.ts
// (which writes bench/IMAGING.md). Runs only with IMAGING_REPORT=bench (vitest.config.ts binding).
import { env } from "cloudflare:test";
import { it } from "vitest";
import { analyzePhoto } from "../worker/imaging/analyze";
import { codecMemory, decodeImage } from "../worker/imaging/decode";
import { detectFaces } from "../worker/imaging/faces";
import { measureLandmarks } from "../worker/imaging/landmarks";
import { loadedModels, MODEL_MANIFEST } from "../worker/imaging/models";
import { IMAGING_THRESHOLDS } from "../worker/imaging/thresholds";
import { buildWorkingImage } from "../worker/imaging/working-image";
import { tfBackendMemory } from "../worker/imaging/tf-runtime";
import { fixture } from "../test/fixtures/photos/fixtures";
import { checkLikeness, referenceEmbedding } from "../worker/headshots/likeness";
import { embedFaces, visionOf } from "../worker/imaging/vision";
import { sceneOf } from "../worker/imaging/objects";
import { localPreviewRenderer } from "../worker/providers/renderer/local-preview";
import type { Style } from "../worker/providers/renderer";
import { storeImageWithThumbnail, streamOf, workingCopy } from "../worker/storage/images";
import { WORKING_MAX_SIDE } from "../worker/imaging/working-image";

const report = (env as unknown as Record<string, string | undefined>).IMAGING_REPORT;
const RUNS = 15;

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};
const summary = (xs: number[]) => ({ median: quantile(xs, 0.5), p90: quantile(xs, 0.9), min: Math.min(...xs) });

it.skipIf(report !== "bench")(
  "measures analyzePhoto",
  async () => {
    // Scene objects run in the scene Worker (its own isolate and heap), reached as the API does.
    const scene = sceneOf(env);
    const withScene = { scene };
    const memory = async () => ({ ...(await codecMemory()), detector: await tfBackendMemory() });
    const before = await memory();
    // Cold: the first call of an isolate pays codec instantiation, tfjs backend init and reading
    // + compiling every model it needs from the MODELS bucket.
    const t0 = performance.now();
    await analyzePhoto(fixture("bench-1080x1350.jpg"), withScene);
    const coldMs = performance.now() - t0;
    const afterCold = await memory();
    // Where the inference heap grows, one path at a time after the portrait above: the tiled
    // search on a far-off person, then the body pose that photo also needs, then a group's
    // landmarks (the heap only grows: each figure includes the ones before).
    const heapSteps: { step: string; detectorBytes: number }[] = [{ step: "first portrait (whole-frame detection, one face's mesh and iris)", detectorBytes: afterCold.detector }];
    const far = fixture("person-far.jpg");
    await detectFaces(buildWorkingImage(await decodeImage(far)), IMAGING_THRESHOLDS.faceMinConfidence);
    heapSteps.push({ step: "tiled search and re-checks (person-far.jpg, detection only)", detectorBytes: await tfBackendMemory() });
    await analyzePhoto(far, withScene);
    heapSteps.push({ step: "+ body pose (person-far.jpg, the whole analysis)", detectorBytes: await tfBackendMemory() });
    await analyzePhoto(fixture("group-three.jpg"), withScene);
    heapSteps.push({ step: "+ a group of three (group-three.jpg; scene objects in the scene Worker, not here)", detectorBytes: await tfBackendMemory() });

    const inputs = [];
    for (const name of ["astronaut.jpg", "bench-1080x1350.jpg", "bench-1638x2048.jpg", "person-far.jpg", "chelsea-cat.jpg"]) {
      const bytes = fixture(name);
      for (let i = 0; i < 3; i++) await analyzePhoto(bytes, withScene); // warm the JIT
      const decode: number[] = [];
      const total: number[] = [];
      const stages = { decodeMs: [] as number[], resizeMs: [] as number[], facesMs: [] as number[], poseMs: [] as number[], objectsMs: [] as number[], metricsMs: [] as number[] };
      for (let i = 0; i < RUNS; i++) {
        const d0 = performance.now();
        await decodeImage(bytes);
        decode.push(performance.now() - d0);
        const a0 = performance.now();
        const f = await analyzePhoto(bytes, withScene);
        total.push(performance.now() - a0);
        for (const k of Object.keys(stages) as (keyof typeof stages)[]) stages[k].push(f.timings[k]);
      }
      const f = await analyzePhoto(bytes, withScene);
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
    // The face pack alone, per stage, on photos that take each path: a portrait (whole frame
    // only), a 3-person group and a far-off person (tiles), against the decode of the same bytes.
    const pack = [];
    for (const name of ["astronaut.jpg", "group-three.jpg", "person-far.jpg", "bench-1080x1350.jpg"]) {
      const bytes = fixture(name);
      const work = buildWorkingImage(await decodeImage(bytes));
      const detect: number[] = [];
      const landmarks: number[] = [];
      const decode: number[] = [];
      let faces = 0;
      let tiles = 0;
      for (let i = 0; i < RUNS + 3; i++) {
        const d0 = performance.now();
        await decodeImage(bytes);
        const d1 = performance.now();
        const found = await detectFaces(work, IMAGING_THRESHOLDS.faceMinConfidence);
        const d2 = performance.now();
        await measureLandmarks(work, found.faces);
        const d3 = performance.now();
        if (i < 3) continue;
        decode.push(d1 - d0);
        detect.push(d2 - d1);
        landmarks.push(d3 - d2);
        faces = found.faces.length;
        tiles = found.tiles + found.rechecks;
      }
      pack.push({ name, faces, extraInputs: tiles, decodeOnly: summary(decode), detect: summary(detect), landmarks: summary(landmarks) });
    }
    const models = loadedModels();
    const modelBytes = models.reduce((sum, m) => sum + (MODEL_MANIFEST[m]?.bin.bytes ?? 0), 0);
    const after = await memory();
    console.log(
      `IMAGING_REPORT ${JSON.stringify({ runs: RUNS, coldMs, memory: { before, afterCold, after }, heapSteps, sceneHeapBytes: await scene.inferenceHeapBytes(), inputs, pack, models, modelBytes })}`,
    );
  },
  300_000,
);

// The likeness check against the rest of the Worker's per-image work, on the local preview
// renderer's output (the offline path) and as it runs on a Replicate output (the model's own time
// at Replicate excluded: only what the Worker spends on each image).
it.skipIf(report !== "bench")(
  "measures the likeness check",
  async () => {
    const style = {
      id: "bench",
      renderParams: { backgroundTop: "#9aa3ad", backgroundBottom: "#5f6872", warmth: 0, contrast: 1.05, saturation: 0.95, faceWidth: 0.42 },
    } as unknown as Style;
    const selfie = fixture("astronaut.jpg");
    const job = (slot: number) => ({ generationId: "bench", selfieKey: "x", selfieUrl: "", style, count: slot + 1, existingPredictions: slot });
    const renderer = localPreviewRenderer(env);
    // The embedding runs in the vision Worker (its own isolate and heap), reached as the API does.
    const vision = visionOf(env);
    const heapBefore = await tfBackendMemory();
    const visionHeapBefore = await vision.inferenceHeapBytes();
    const reference = (await referenceEmbedding(vision, selfie))!;
    const heapAfterReference = await tfBackendMemory();
    const visionHeapAfterReference = await vision.inferenceHeapBytes();
    await renderer.render(selfie, job(0));
    const heapAfterRender = await tfBackendMemory();
    const stages = { reference: [] as number[], render: [] as number[], shrink: [] as number[], check: [] as number[], embed: [] as number[], store: [] as number[] };
    let likeness = 0;
    for (let i = 0; i < RUNS + 3; i++) {
      const slot = i % 4;
      const t0 = performance.now();
      await referenceEmbedding(vision, selfie);
      const t1 = performance.now();
      const [image] = await renderer.render(selfie, job(slot));
      const t2 = performance.now();
      // What checkRender does: a <= 512 px copy through the Images binding, then the check.
      const info = await env.IMAGES.info(streamOf(image!.bytes));
      const size = "width" in info ? { width: info.width, height: info.height } : { width: image!.width, height: image!.height };
      const small = Math.max(size.width, size.height) > WORKING_MAX_SIDE ? await workingCopy(env, image!.bytes, size, WORKING_MAX_SIDE) : image!.bytes;
      const t3 = performance.now();
      const verdict = await checkLikeness(vision, small, [reference]);
      const t4 = performance.now();
      // The embedding alone, on the already-detected face.
      const work = buildWorkingImage(await decodeImage(small));
      const found = await detectFaces(work, IMAGING_THRESHOLDS.faceMinConfidence);
      const t5 = performance.now();
      await embedFaces(vision, work, found.faces);
      const t6 = performance.now();
      await storeImageWithThumbnail(env, `bench/${i}.jpg`, image!.bytes, image!.contentType);
      const t7 = performance.now();
      if (i < 3) continue;
      likeness = verdict.likeness ?? 0;
      stages.reference.push(t1 - t0);
      stages.render.push(t2 - t1);
      stages.shrink.push(t3 - t2);
      stages.check.push(t4 - t3);
      stages.embed.push(t6 - t5);
      stages.store.push(t7 - t6);
    }
    console.log(
      `LIKENESS_REPORT ${JSON.stringify({ runs: RUNS, likeness, heap: { before: heapBefore, afterReference: heapAfterReference, afterRender: heapAfterRender, after: await tfBackendMemory() }, visionHeap: { before: visionHeapBefore, afterReference: visionHeapAfterReference, after: await vision.inferenceHeapBytes() }, ...Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, summary(v)])) })}`,
    );
  },
  300_000,
);
