// Comparing face embeddings (from ./embedding.ts): pure functions and the calibrated constants,
// importable without loading the model (scripts, the dating photo set's identity rules).

/** Length of a face embedding (the dlib network's output). */
export const EMBEDDING_SIZE = 128;

/** Where `embedFaces` puts the eyes on the chip, as fractions of its side; `mirror` also embeds the mirrored chip and averages. */
export const CHIP_GEOMETRY: ChipGeometry = { eyeDistance: 0.4, eyeLine: 0.36, mirror: true };

/**
 * Cosine similarity at or above which two faces count as the same person. Chosen on the labelled
 * set (bench/LIKENESS-CALIBRATION.md): the lowest with no different-person pair accepted (0 of
 * 3,910; 0.955 let 4 through), 1 of 193 same-person pairs rejected. Raw dlib descriptors are not
 * centred, so different people still score ~0.89 on average: only the top of the scale means
 * "same person".
 */
export const LIKENESS_THRESHOLD = 0.958;

/**
 * Faces narrower than this on the <= 512 px working image (where the chip is sampled) get no
 * embedding: the 150 px chip would be a blur upscaled several times, and such a face is not used
 * to tell which face of a set is the user (worker/dating/set-faces.ts; a group whose only faces are
 * under it is "hard to tell"). Chosen on the face-size sweep of bench/LIKENESS-CALIBRATION.md: the
 * smallest width whose false reject / accept rates are within a pair or two of full size's (24 px,
 * the old floor, rejects a fifth of same-person pairs). The likeness check of headshots has no size
 * floor of its own (its renders and selfies fill the frame).
 */
export const MIN_EMBED_FACE_PX = 40;

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
