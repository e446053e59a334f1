// The likeness check: does a rendered headshot show the person in the selfies? Every render (the
// local preview renderer's and Replicate's) is measured before it is delivered: exactly one face,
// whose embedding matches one of the generation's reference selfies at LIKENESS_THRESHOLD or
// above (cosine similarity, max over the references). A render that fails is re-rendered once with
// a new seed; one that fails again is withheld and its credit refunded (generations.ts).
//
// Measured on a <= 512 px working copy (the Images binding makes it), as the rest of the pipeline.
// Decoding and face detection run here; the embedding runs in the vision Worker (`vision`, the
// VISION service binding: worker/imaging/vision.ts), whose isolate holds the embedding model.
import { decodeImage } from "../imaging/decode";
import { detectFaces } from "../imaging/faces";
import { bestSimilarity, LIKENESS_THRESHOLD } from "../imaging/identity";
import { IMAGING_THRESHOLDS } from "../imaging/thresholds";
import { embedFaces, type Vision } from "../imaging/vision";
import { buildWorkingImage } from "../imaging/working-image";

export type WithheldReason = "no_face" | "multiple_faces" | "mismatch";

export type LikenessVerdict = { ok: true; likeness: number } | { ok: false; reason: WithheldReason; likeness: number | null };

/** What the user is told about a withheld image. */
export const withheldMessages: Record<WithheldReason, string> = {
  no_face: "No face could be found in this render, so we held it back.",
  multiple_faces: "This render showed more than one face, so we held it back.",
  mismatch: "This render did not look enough like you, so we held it back.",
};

/** Faces of an image (bytes of a JPEG/PNG/WebP working copy) and their embeddings. */
async function facesOf(bytes: Uint8Array) {
  const work = buildWorkingImage(await decodeImage(bytes));
  const { faces } = await detectFaces(work, IMAGING_THRESHOLDS.faceMinConfidence);
  return { work, faces };
}

/**
 * The reference embedding of one selfie: its largest face (a selfie was already checked to have
 * exactly one). Null when no face is found.
 */
export async function referenceEmbedding(vision: Vision, bytes: Uint8Array): Promise<number[] | null> {
  const { work, faces } = await facesOf(bytes);
  if (!faces.length) return null;
  const largest = faces.reduce((a, b) => (b.box.width * b.box.height > a.box.width * a.box.height ? b : a));
  const [e] = await embedFaces(vision, work, [largest]);
  return Array.from(e!, (v) => Math.round(v * 1e5) / 1e5);
}

/** Checks one render against the references (one embedding per reference selfie). */
export async function checkLikeness(vision: Vision, bytes: Uint8Array, references: number[][]): Promise<LikenessVerdict> {
  const { work, faces } = await facesOf(bytes);
  if (faces.length === 0) return { ok: false, reason: "no_face", likeness: null };
  if (faces.length > 1) return { ok: false, reason: "multiple_faces", likeness: null };
  const [e] = await embedFaces(vision, work, faces);
  const likeness = Math.round(bestSimilarity(e!, references) * 1e4) / 1e4;
  return likeness >= LIKENESS_THRESHOLD ? { ok: true, likeness } : { ok: false, reason: "mismatch", likeness };
}

/** A new seed for the one re-render of a slot: differs from the first render's, stable across retries of the job. */
export function reseed(generationId: string, slot: number): number {
  let h = 2166136261;
  for (const ch of `${generationId}:${slot}:retry`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return h >>> 0;
}
