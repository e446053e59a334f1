// The TensorFlow.js runtime every imaging model shares: one backend per isolate.
//
// Backend: tfjs-backend-wasm (XNNPACK, SIMD), ~10-15 ms per 128x128 BlazeFace inference here,
// against ~180 ms for tfjs-backend-cpu. Its stock loader fetches the .wasm and compiles it from
// bytes, which workerd forbids, so we instantiate the bundled, precompiled module ourselves and
// hand it to BackendWasm. If that ever fails, the CPU backend takes over (slower, same results)
// and the analysis reports which backend ran.
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import wasmBackendFactory from "@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm.js";
import wasmBackendSimd from "@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-simd.wasm";

/** Registers the WASM backend on the bundled module; workerd cannot fetch-and-compile it. */
function registerWasmBackend() {
  tf.removeBackend("wasm");
  tf.registerBackend(
    "wasm",
    async () => {
      // The Emscripten loader takes its Node.js branch under nodejs_compat and reads __dirname,
      // which workerd does not define. Nothing is read from disk: we supply the instance.
      const g = globalThis as { __dirname?: string };
      g.__dirname ??= "/";
      const module = await (wasmBackendFactory as unknown as (o: object) => Promise<Record<string, unknown>>)({
        instantiateWasm(imports: WebAssembly.Imports, done: (i: WebAssembly.Instance, m: WebAssembly.Module) => void) {
          const instance = new WebAssembly.Instance(wasmBackendSimd, imports);
          done(instance, wasmBackendSimd);
          return instance.exports;
        },
      });
      const cwrap = module.cwrap as (name: string, ret: string | null, args: string[]) => unknown;
      // The same bridge tfjs-backend-wasm's own init() builds.
      module.tfjs = {
        init: cwrap("init", null, []),
        initWithThreadsCount: cwrap("init_with_threads_count", null, ["number"]),
        getThreadsCount: cwrap("get_threads_count", "number", []),
        registerTensor: cwrap("register_tensor", null, ["number", "number", "number"]),
        disposeData: cwrap("dispose_data", null, ["number"]),
        dispose: cwrap("dispose", null, []),
      };
      return new BackendWasm(module as never);
    },
    3,
  );
}

let backend: Promise<string> | undefined;

/** Initialises the tfjs backend once per isolate (WASM, CPU as the fallback); every model shares it. */
export function tfBackend(): Promise<string> {
  backend ??= (async () => {
    registerWasmBackend();
    if (!(await tf.setBackend("wasm"))) await tf.setBackend("cpu");
    await tf.ready();
    return tf.getBackend();
  })().catch((e: unknown) => {
    backend = undefined;
    throw e;
  });
  return backend;
}

/** Linear memory of the WASM inference backend, in bytes (0 before first use or on CPU). */
export async function tfBackendMemory(): Promise<number> {
  if (!backend) return 0;
  await backend;
  const wasm = tf.findBackend("wasm") as unknown as { wasm?: { HEAPU8: Uint8Array } } | null;
  return tf.getBackend() === "wasm" ? (wasm?.wasm?.HEAPU8.byteLength ?? 0) : 0;
}

/**
 * At most this many images per inference call. The WASM heap grows to the largest call's
 * activations and never shrinks while the isolate lives (128 MB in all), so a batch of nine
 * tiles or eight eyes costs its memory for good; one at a time costs a few ms of call overhead.
 */
export const MAX_BATCH = 1;

/**
 * Runs `run` over `count` images of `shape` (HWC) packed in `data`, at most MAX_BATCH per call,
 * and returns each output's values concatenated in image order (what one batched call returns).
 */
export function executeInBatches(
  data: Float32Array,
  count: number,
  shape: readonly [number, number, number],
  run: (input: tf.Tensor4D) => tf.Tensor | tf.Tensor[],
): Float32Array<ArrayBuffer>[] {
  const item = shape[0] * shape[1] * shape[2];
  const parts: Float32Array<ArrayBuffer>[][] = [];
  for (let start = 0; start < count; start += MAX_BATCH) {
    const n = Math.min(MAX_BATCH, count - start);
    const input = tf.tensor4d(data.subarray(start * item, (start + n) * item), [n, ...shape]);
    try {
      const out = run(input);
      const outs = Array.isArray(out) ? out : [out];
      outs.forEach((t, k) => {
        (parts[k] ??= []).push(Float32Array.from(t.dataSync() as Float32Array));
        t.dispose();
      });
    } finally {
      input.dispose();
    }
  }
  return parts.map((chunks) => {
    const all = new Float32Array(chunks.reduce((sum, c) => sum + c.length, 0));
    let at = 0;
    for (const c of chunks) {
      all.set(c, at);
      at += c.length;
    }
    return all;
  });
}
