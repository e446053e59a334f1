// The vision Worker (`firstlook-vision`, wrangler.vision.toml): the models that do not fit in the
// API's 128 MB isolate beside the photo analysis pack. Today that is the face embedding network
// (dlib ResNet, ~50 MB of WASM heap); the API reaches it through the service binding VISION with
// RPC (`WorkerEntrypoint`), sending aligned face chips it cut itself (why chips and not image
// bytes or R2 keys: worker/imaging/vision.ts). Not routable: it has no public URL (workers_dev
// off) and its fetch handler answers 404.
import { WorkerEntrypoint } from "cloudflare:workers";
import { embedChips } from "../imaging/embedding";
import { r2ModelSource, setModelSource } from "../imaging/models";
import { tfBackendMemory } from "../imaging/tf-runtime";
import type { Vision } from "../imaging/vision";

export interface VisionEnv {
  /** Model weights, the same bucket (and content-addressed keys) the API reads. */
  MODELS: R2Bucket;
}

export class VisionService extends WorkerEntrypoint<VisionEnv> implements Vision {
  /** One 128-D embedding per packed 150x150 chip (worker/imaging/embedding.ts `embedChips`). */
  async embedChips(chips: Float32Array, count: number, mirror: boolean): Promise<Float32Array[]> {
    setModelSource(r2ModelSource(this.env.MODELS));
    return embedChips(chips, count, mirror);
  }

  /** This isolate's inference (tfjs WASM) heap in bytes: for the benchmark's memory table. */
  async inferenceHeapBytes(): Promise<number> {
    return tfBackendMemory();
  }
}

export default {
  fetch() {
    return new Response("firstlook-vision is reached through its service binding only", { status: 404 });
  },
} satisfies ExportedHandler<VisionEnv>;
