// The model loader: TensorFlow.js models whose weights live in the R2 bucket bound as `MODELS`
// (bucket `firstlook-models`), not in the Worker bundle: the whole pack is far bigger than a
// bundle may be (10 MB gzip). Each model is read once per isolate, lazily, on first use, checked
// against the sha256 in models/manifest.json (written by `npm run models:manifest` from the
// vendored files) and kept. Keys are content-addressed (`<name>/<sha256 prefix>.<ext>`), so old
// and new versions of the Worker each read their own weights during a deploy.
//
// Seeded from the vendored files by `npm run dev` (scripts/lib/stack.ts), the test suite
// (test/setup-models.ts) and uploaded for deploy by `npm run models:upload`.
//
//   setModelSource(r2ModelSource(env.MODELS))   // at the Worker's entry (fetch, queue, scheduled)
//   const model = await loadModel("iris")       // GraphModel, cached per isolate
//   const { json, weights } = await loadModelFiles("face-recognition")  // raw, for hand-built nets
import * as tf from "@tensorflow/tfjs-core";
import { loadGraphModel, type GraphModel } from "@tensorflow/tfjs-converter";
import manifestJson from "./models/manifest.json";
import { tfBackend } from "./tf-runtime";

export interface ModelFile {
  key: string;
  sha256: string;
  bytes: number;
}
export type ModelManifest = Record<string, { json: ModelFile; bin: ModelFile }>;

export const MODEL_MANIFEST = manifestJson as ModelManifest;

/** Where model files are read from: the R2 binding in the Worker, anything with `get` in scripts. */
export interface ModelSource {
  get(key: string): Promise<ArrayBuffer | null>;
}

export type ModelUnavailableReason = "no_source" | "unknown_model" | "missing" | "checksum_mismatch";

/** A model the analysis needs cannot be read: a deployment problem (bucket not seeded or uploaded). */
export class ModelUnavailableError extends Error {
  override readonly name = "ModelUnavailableError";
  constructor(
    readonly model: string,
    readonly reason: ModelUnavailableReason,
    detail: string,
  ) {
    super(`model ${model} unavailable (${reason}): ${detail}`);
  }
}

let source: ModelSource | undefined;
const graphs = new Map<string, Promise<GraphModel>>();

/** Sets where models are read from. Cheap: call it on every request; loaded models stay cached. */
export function setModelSource(next: ModelSource): void {
  source = next;
}

/** The `MODELS` R2 binding as a model source. */
export function r2ModelSource(bucket: R2Bucket): ModelSource {
  return {
    async get(key) {
      const object = await bucket.get(key);
      return object ? object.arrayBuffer() : null;
    },
  };
}

function hex(digest: ArrayBuffer): string {
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

async function readChecked(name: string, file: ModelFile): Promise<ArrayBuffer> {
  if (!source) throw new ModelUnavailableError(name, "no_source", "setModelSource was not called (the Worker entry passes env.MODELS)");
  const data = await source.get(file.key);
  if (!data) throw new ModelUnavailableError(name, "missing", `no object ${file.key} in the MODELS bucket (npm run models:upload)`);
  const digest = hex(await crypto.subtle.digest("SHA-256", data));
  if (digest !== file.sha256) throw new ModelUnavailableError(name, "checksum_mismatch", `${file.key} has sha256 ${digest}, expected ${file.sha256}`);
  return data;
}

/**
 * The model's two files, read and verified (not cached: callers that build their own network
 * from the weights keep what they build). `json` is the parsed model.json / weights manifest.
 */
export async function loadModelFiles(name: string): Promise<{ json: unknown; weights: ArrayBuffer }> {
  const entry = MODEL_MANIFEST[name];
  if (!entry) throw new ModelUnavailableError(name, "unknown_model", `not in worker/imaging/models/manifest.json`);
  const [json, weights] = await Promise.all([readChecked(name, entry.json), readChecked(name, entry.bin)]);
  return { json: JSON.parse(new TextDecoder().decode(json)) as unknown, weights };
}

/** A TF.js graph model, loaded once per isolate on first use (concurrent callers share the load). */
export function loadModel(name: string): Promise<GraphModel> {
  let model = graphs.get(name);
  if (!model) {
    model = (async () => {
      const [{ json, weights }] = await Promise.all([loadModelFiles(name), tfBackend()]);
      const graph = json as { modelTopology: object; weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[] };
      return loadGraphModel(tf.io.fromMemory({ modelTopology: graph.modelTopology, weightSpecs: graph.weightsManifest.flatMap((g) => g.weights), weightData: weights }));
    })();
    // A failed load (bucket not seeded yet, network blip) is retried by the next caller.
    model.catch(() => graphs.delete(name));
    graphs.set(name, model);
  }
  return model;
}

/** Names of the graph models loaded in this isolate so far (for memory reports). */
export function loadedModels(): string[] {
  return [...graphs.keys()];
}
