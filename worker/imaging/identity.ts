// Comparing face embeddings (from ./embedding.ts): pure functions and the calibrated constants,
// importable without loading the model (scripts, the dating photo set's identity rules).

/** Length of a face embedding (the dlib network's output). */
export const EMBEDDING_SIZE = 128;

/** Where `embedFaces` puts the eyes on the chip, as fractions of its side; `mirror` also embeds the mirrored chip and averages. */
export const CHIP_GEOMETRY: ChipGeometry = { eyeDistance: 0.4, eyeLine: 0.36, mirror: true };

/**
 * Cosine similarity at or above which two faces count as the same person. Chosen on the labelled
 * set (bench/LIKENESS-CALIBRATION.md): 1 of 201 same-person pairs rejected, 1 of 4,284
 * different-person pairs accepted. Raw dlib descriptors are not centred, so different people
 * still score ~0.88 on average: only the top of the scale means "same person".
 */
export const LIKENESS_THRESHOLD = 0.955;

export interface ChipGeometry {
  eyeDistance: number;
  eyeLine: number;
  mirror: boolean;
}

/** Cosine similarity of two embeddings, -1..1 (1 = same direction). 0 if either is all zeros. */
export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`embedding sizes differ: ${a.length} vs ${b.length}`);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

/** The best match of `probe` against any of `references` (several selfies of one person). */
export function bestSimilarity(probe: ArrayLike<number>, references: ArrayLike<number>[]): number {
  let best = -1;
  for (const r of references) best = Math.max(best, cosineSimilarity(probe, r));
  return best;
}
