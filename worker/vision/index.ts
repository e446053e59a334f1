// The model Workers: the networks that do not fit in the API's 128 MB isolate beside the photo
// analysis pack, each in a Worker (so an isolate) of its own, reached over RPC (`WorkerEntrypoint`).
// One bundle, deployed twice:
// - `firstlook-vision` (wrangler.vision.toml, binding VISION, entrypoint VisionService): the face
//   embedding network (dlib ResNet, ~50 MB of WASM heap). The API sends aligned face chips it cut
//   itself (why chips and not image bytes or R2 keys: worker/imaging/vision.ts).
// - `firstlook-scene` (wrangler.scene.toml, binding SCENE, entrypoint SceneService): the scene
//   object detector (NanoDet, ~75 MB of heap at its peak). The API sends the letterboxed 416 px
//   input tensor (worker/imaging/objects.ts).
// Each Worker only ever loads the model its entrypoint uses, so the two heaps never add up. Not
// routable: no public URL (workers_dev off), and the fetch handler answers 404.
import { WorkerEntrypoint } from "cloudflare:workers";
import { embedChips } from "../imaging/embedding";
import { r2ModelSource, setModelSource } from "../imaging/models";
import { runObjectModel, type Candidate, type SceneDetector } from "../imaging/objects";
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

export class SceneService extends WorkerEntrypoint<VisionEnv> implements SceneDetector {
  /** NanoDet on one 3x416x416 input (worker/imaging/objects.ts `objectInput`). */
  async detectObjects(input: Float32Array, minScore: number): Promise<Candidate[]> {
    setModelSource(r2ModelSource(this.env.MODELS));
    return runObjectModel(input, minScore);
  }

  async inferenceHeapBytes(): Promise<number> {
    return tfBackendMemory();
  }
}

export default {
  fetch() {
    return new Response("this Worker is reached through its service binding only", { status: 404 });
  },
} satisfies ExportedHandler<VisionEnv>;
