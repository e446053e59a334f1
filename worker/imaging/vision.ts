// The API side of face embedding: cut each face's aligned chip here, where the faces were just
// detected, and have the vision Worker (worker/vision/index.ts, service binding VISION) run the
// embedding network on them. The network's ~50 MB of WASM heap then lives in the vision isolate,
// not beside the analysis pack in the API's (issue #12, worker/imaging/README.md "Isolates").
//
// What crosses the binding is the chips (150x150x3 float32, 270 KB per face), not the image
// bytes or an R2 key: the caller already holds the decoded working image and the face geometry,
// so the vision Worker needs no codec (16-23 MB of heap and a second decode saved), no PHOTOS
// binding (it never sees a user's whole photo), and its input size is bounded by the face count.
import { faceChips } from "./chips";
import type { FaceBox } from "./features";
import { CHIP_GEOMETRY, type ChipGeometry } from "./identity";
import type { WorkingImage } from "./working-image";

/** What the API needs of the VISION binding (the RPC methods of `VisionService`). */
export interface Vision {
  embedChips(chips: Float32Array, count: number, mirror: boolean): Promise<Float32Array[]>;
  /** The vision isolate's inference heap in bytes (diagnostics: bench/imaging.bench.test.ts). */
  inferenceHeapBytes(): Promise<number>;
}

/**
 * The VISION binding, typed. `wrangler types` reads only wrangler.toml, so it declares the binding
 * as an untyped `Service`; the methods are those of `Vision`, which `VisionService` implements.
 */
export function visionOf(env: { VISION: Service }): Vision {
  return env.VISION as unknown as Vision;
}

/**
 * One 128-D embedding per face (same order as `faces`), from the working image the faces were
 * detected on. Compare two with `cosineSimilarity` (./identity.ts). One RPC call per image;
 * costs one network pass per face (two with the default mirrored geometry): call it only where
 * identity matters.
 */
export async function embedFaces(vision: Vision, work: WorkingImage, faces: FaceBox[], geometry: ChipGeometry = CHIP_GEOMETRY): Promise<Float32Array[]> {
  if (faces.length === 0) return [];
  const out = await vision.embedChips(faceChips(work, faces, geometry), faces.length, geometry.mirror);
  return out.map((e) => (e instanceof Float32Array ? e : Float32Array.from(e)));
}
