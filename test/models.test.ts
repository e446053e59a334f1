// The model loader: weights come from the MODELS bucket (seeded by test/setup-models.ts from the
// vendored files), checked against the manifest, loaded once per isolate.
import { env } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import { loadModel, loadModelFiles, MODEL_MANIFEST, ModelUnavailableError, r2ModelSource, setModelSource, type ModelSource } from "../worker/imaging/models";

const vendored = import.meta.glob<ArrayBuffer>("../worker/imaging/models/*.bin", { import: "default", eager: true });

async function sha256(data: ArrayBuffer): Promise<string> {
  return [...new Uint8Array(await crypto.subtle.digest("SHA-256", data))].map((b) => b.toString(16).padStart(2, "0")).join("");
}

async function unavailable(p: Promise<unknown>): Promise<ModelUnavailableError> {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ModelUnavailableError);
  return error as ModelUnavailableError;
}

afterEach(() => setModelSource(r2ModelSource(env.MODELS)));

describe("model loader", () => {
  it("the manifest lists every vendored model with the checksum of its weights (npm run models:manifest)", async () => {
    const names = Object.keys(vendored)
      .map((p) => p.replace(/^.*\/(.*)\.bin$/, "$1"))
      .sort();
    expect(Object.keys(MODEL_MANIFEST).sort()).toEqual(names);
    for (const name of names) {
      const data = vendored[`../worker/imaging/models/${name}.bin`]!;
      expect(await sha256(data), name).toBe(MODEL_MANIFEST[name]!.bin.sha256);
      expect(data.byteLength).toBe(MODEL_MANIFEST[name]!.bin.bytes);
    }
  });

  it("loads a graph model from the bucket once: concurrent callers share one read", async () => {
    const reads: string[] = [];
    const bucket = r2ModelSource(env.MODELS);
    setModelSource({
      get: (key) => {
        reads.push(key);
        return bucket.get(key);
      },
    });
    const [a, b] = await Promise.all([loadModel("iris"), loadModel("iris")]);
    expect(a).toBe(b);
    expect(a.inputs[0]!.shape).toEqual([-1, 64, 64, 3]);
    expect(await loadModel("iris")).toBe(a);
    expect(reads.sort()).toEqual([MODEL_MANIFEST.iris!.bin.key, MODEL_MANIFEST.iris!.json.key].sort());
  });

  it("refuses weights whose checksum does not match, and a later load with good weights succeeds", async () => {
    const bucket = r2ModelSource(env.MODELS);
    const corrupt: ModelSource = {
      async get(key) {
        const data = await bucket.get(key);
        if (!data || !key.endsWith(".bin")) return data;
        const bytes = new Uint8Array(data.slice(0));
        bytes[100] = bytes[100]! ^ 0xff;
        return bytes.buffer;
      },
    };
    setModelSource(corrupt);
    const error = await unavailable(loadModel("facemesh"));
    expect(error.reason).toBe("checksum_mismatch");
    expect(error.model).toBe("facemesh");
    setModelSource(bucket);
    expect((await loadModel("facemesh")).inputs[0]!.shape).toEqual([-1, 192, 192, 3]);
  });

  it("says which file is missing from the bucket, and rejects names outside the manifest", async () => {
    await env.MODELS.delete(MODEL_MANIFEST.selfie!.bin.key);
    const missing = await unavailable(loadModelFiles("selfie"));
    expect(missing.reason).toBe("missing");
    expect(missing.message).toContain(MODEL_MANIFEST.selfie!.bin.key);
    expect((await unavailable(loadModelFiles("no-such-model"))).reason).toBe("unknown_model");
  });

  it("returns the raw files for networks built by hand (the embedding's weights manifest)", async () => {
    const { json, weights } = await loadModelFiles("face-recognition");
    expect(Array.isArray(json)).toBe(true);
    expect(weights.byteLength).toBe(MODEL_MANIFEST["face-recognition"]!.bin.bytes);
  });
});
