// The stored face vectors of a dating photo (worker/dating/set-faces.ts): they survive the jsonb
// round trip bit for bit, and vectors made another way (another network, chip or size floor) or
// for other faces are not used.
import { describe, expect, it } from "vitest";
import { decodeVector, EMBEDDINGS_MODEL, encodeVector, MIN_EMBED_FACE_PX, storedEmbeddings } from "../worker/dating/set-faces";
import type { PhotoFeatures } from "../worker/imaging/features";

const vector = (seed: number) => Float32Array.from({ length: 128 }, (_, i) => Math.sin(seed * 7.1 + i) * 0.3);
const withVectors = (model: string, vectors: (string | null)[], faces: number) =>
  ({ faces: { items: Array.from({ length: faces }, () => ({})) }, faceEmbeddings: { model, vectors } }) as unknown as PhotoFeatures;

describe("stored face vectors", () => {
  it("round-trip exactly through base64 and JSON", () => {
    const v = vector(3);
    const back = decodeVector(JSON.parse(JSON.stringify(encodeVector(v))));
    expect(Array.from(back)).toEqual(Array.from(v));
    expect(encodeVector(v)).toHaveLength(684);
  });

  it("refuse a vector of the wrong length", () => {
    expect(() => decodeVector(btoa("short"))).toThrow(/not 512/);
  });

  it("are used only when made by this model for exactly these faces", () => {
    const vs = [encodeVector(vector(1)), null];
    expect(storedEmbeddings(withVectors(EMBEDDINGS_MODEL, vs, 2))?.map((v) => v?.length ?? null)).toEqual([128, null]);
    expect(storedEmbeddings(withVectors("another-net", vs, 2))).toBeNull();
    // Vectors stored under an older size floor are made again.
    expect(EMBEDDINGS_MODEL).toContain(`min ${MIN_EMBED_FACE_PX}px`);
    expect(storedEmbeddings(withVectors(EMBEDDINGS_MODEL.replace(/min \d+px/, "min 24px"), vs, 2))).toBeNull();
    expect(storedEmbeddings(withVectors(EMBEDDINGS_MODEL, vs, 3))).toBeNull();
    expect(storedEmbeddings({ faces: { items: [] }, faceEmbeddings: null } as unknown as PhotoFeatures)).toBeNull();
  });
});
