import { it, expect } from "vitest";
import * as tf from "@tensorflow/tfjs-core";
import { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import wasmFactory from "@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm.js";
import simdWasm from "@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-simd.wasm";
import { loadGraphModel } from "@tensorflow/tfjs-converter";
import modelJson from "../worker/imaging/models/facemesh-detection-short.json";
import weights from "../worker/imaging/models/facemesh-detection-short.bin";

it("spike tfjs wasm", async () => {
  console.log("process.versions.node", (globalThis as any).process?.versions?.node, typeof wasmFactory);
  tf.removeBackend("wasm");
  tf.registerBackend("wasm", async () => {
    const module: any = await (wasmFactory as any)({
      instantiateWasm: (imports: WebAssembly.Imports, cb: (i: WebAssembly.Instance, m: WebAssembly.Module) => void) => {
        const inst = new WebAssembly.Instance(simdWasm, imports);
        cb(inst, simdWasm);
        return inst.exports;
      },
      locateFile: (p: string) => p,
    });
    module.tfjs = {
      init: module.cwrap("init", null, []),
      initWithThreadsCount: module.cwrap("init_with_threads_count", null, ["number"]),
      getThreadsCount: module.cwrap("get_threads_count", "number", []),
      registerTensor: module.cwrap("register_tensor", null, ["number", "number", "number"]),
      disposeData: module.cwrap("dispose_data", null, ["number"]),
      dispose: module.cwrap("dispose", null, []),
    };
    return new BackendWasm(module);
  }, 3);
  const ok = await tf.setBackend("wasm");
  await tf.ready();
  console.log("backend", ok, tf.getBackend());
  const mj = modelJson as any;
  const model = await loadGraphModel(tf.io.fromMemory({
    modelTopology: mj.modelTopology, weightSpecs: mj.weightsManifest[0].weights, weightData: weights,
  }));
  const x = tf.zeros([1, 128, 128, 3]);
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const out = model.execute(x) as tf.Tensor;
    const d = await out.data();
    console.log("out", out.shape, d.length, performance.now() - t0);
    out.dispose();
  }
  expect(1).toBe(1);
});
