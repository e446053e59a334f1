// The face embeddings a dating set's identity is worked out from (domain/set-identity.ts), made
// once per photo: at upload, where the photo was just decoded and its faces found, and kept with
// its features (`faceEmbeddings`). An analysis then only compares vectors: it neither reads the
// photo from R2 again nor decodes it, nor calls the vision Worker. Photos stored before this (or
// whose upload could not reach the vision Worker) are embedded at analysis time, as before.
//
// A vector is 128 float32s, stored base64 (684 characters a face, against ~1.2 KB as JSON numbers).
import type { SetFace } from "../domain/set-identity";
import { decodeImage } from "../imaging/decode";
import type { FaceEmbeddings, PhotoFeatures } from "../imaging/features";
import { CHIP_GEOMETRY, EMBEDDING_SIZE, MIN_EMBED_FACE_PX } from "../imaging/identity";
import { embedFaces, type Vision } from "../imaging/vision";
import { fromBase64, toBase64 } from "../security/encoding";
import { buildWorkingImage, type WorkingImage } from "../imaging/working-image";

export { MIN_EMBED_FACE_PX };

/**
 * Names the network, chip geometry and size floor: vectors made any other way (among them those
 * stored under the old 24 px floor) do not match, so `setFacesOf` embeds those photos again.
 */
export const EMBEDDINGS_MODEL = `dlib-resnet-v1 chip ${CHIP_GEOMETRY.eyeDistance}/${CHIP_GEOMETRY.eyeLine}${CHIP_GEOMETRY.mirror ? " mirrored" : ""} min ${MIN_EMBED_FACE_PX}px`;

export const encodeVector = (v: Float32Array): string => toBase64(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));

export function decodeVector(s: string): Float32Array {
  const bytes = fromBase64(s);
  if (bytes.length !== EMBEDDING_SIZE * 4) throw new Error(`stored face vector has ${bytes.length} bytes, not ${EMBEDDING_SIZE * 4}`);
  return new Float32Array(bytes.buffer, bytes.byteOffset, EMBEDDING_SIZE);
}

const bigEnough = (features: PhotoFeatures) => {
  const scale = features.source.width / features.working.width;
  return features.faces.items.map((f) => f.box.width / scale >= MIN_EMBED_FACE_PX);
};

/** Embeds every face big enough of a photo whose working image is at hand (one vision RPC, none without such a face). */
export async function embedPhotoFaces(vision: Vision, work: WorkingImage, features: PhotoFeatures): Promise<FaceEmbeddings> {
  const big = bigEnough(features);
  const faces = features.faces.items.filter((_, i) => big[i]);
  const vectors = faces.length ? await embedFaces(vision, work, faces) : [];
  let k = 0;
  return { model: EMBEDDINGS_MODEL, vectors: big.map((b) => (b ? encodeVector(vectors[k++]!) : null)) };
}

/** The stored embeddings when they were made with this model for these faces; null otherwise. */
export function storedEmbeddings(features: PhotoFeatures): (Float32Array | null)[] | null {
  const e = features.faceEmbeddings;
  if (!e || e.model !== EMBEDDINGS_MODEL || e.vectors.length !== features.faces.items.length) return null;
  return e.vectors.map((v) => (v === null ? null : decodeVector(v)));
}

/**
 * One photo's faces for the identity rules: the stored vectors, or (older photos) embedded now from
 * the file, which `readPhoto` fetches only in that case.
 */
export async function setFacesOf(vision: Vision, features: PhotoFeatures, readPhoto: () => Promise<Uint8Array>): Promise<SetFace[]> {
  const faces = features.faces.items;
  if (!faces.length) return [];
  let vectors = storedEmbeddings(features);
  if (!vectors) {
    const big = bigEnough(features);
    if (big.some(Boolean)) {
      const work = buildWorkingImage(await decodeImage(await readPhoto()));
      vectors = (await embedPhotoFaces(vision, work, features)).vectors.map((v) => (v === null ? null : decodeVector(v)));
    } else vectors = faces.map(() => null);
  }
  return faces.map((f, i) => ({ embedding: vectors![i]!, centerX: (f.box.x + f.box.width / 2) / features.source.width }));
}
