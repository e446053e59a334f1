import { it, expect } from "vitest";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { loadGraphModel } from "@tensorflow/tfjs-converter";
import modelJson from "../worker/imaging/models/facemesh-detection-short.json";
import weights from "../worker/imaging/models/facemesh-detection-short.bin";

it("spike tfjs", async () => {
  console.log("platform", tf.env().platformName, typeof weights, weights instanceof ArrayBuffer, (weights as ArrayBuffer).byteLength);
  await tf.setBackend("cpu");
  await tf.ready();
  const mj = modelJson as any;
  const model = await loadGraphModel(tf.io.fromMemory({
    modelTopology: mj.modelTopology, weightSpecs: mj.weightsManifest[0].weights, weightData: weights,
  }));
  const x = tf.zeros([1, 128, 128, 3]);
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const out = model.execute(x) as tf.Tensor;
    const d = await out.data();
    console.log("out", out.shape, d.length, performance.now() - t0);
    out.dispose();
  }
  expect(1).toBe(1);
});
