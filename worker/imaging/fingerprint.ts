// A photo's visual fingerprint: the 64-bit difference hash (dHash, Krawetz 2013) of its luma.
// The working image is averaged down to 9x8 cells and each bit says whether a cell is brighter
// than its right-hand neighbour. Only the direction of the gradients survives, so re-encoding,
// resizing, brightness, contrast, a colour cast, grain and mild blur leave it (nearly) unchanged,
// while another photo differs in about half the bits. Two photos of a set whose fingerprints are
// at most NEAR_DUPLICATE_MAX_BITS apart are near-copies (a burst, a re-edit, a re-crop):
// chosen on the fixtures, bench/IMAGING-CALIBRATION.md ("Near-duplicates").
// Pure: no bindings, no models; ~0.2 ms on a 512 px working image.
import type { WorkingImage } from "./working-image";

const COLS = 9;
const ROWS = 8;

/** At most this many of the 64 bits differ between near-copies. */
export const NEAR_DUPLICATE_MAX_BITS = 10;

/** 16 lowercase hex digits: row by row, bit set where a cell is brighter than the next one. */
export function differenceHash(work: Pick<WorkingImage, "luma" | "width" | "height">): string {
  const { luma, width, height } = work;
  const cells = new Float64Array(COLS * ROWS);
  const counts = new Float64Array(COLS * ROWS);
  for (let y = 0; y < height; y++) {
    const row = Math.min(ROWS - 1, Math.floor((y * ROWS) / height)) * COLS;
    for (let x = 0; x < width; x++) {
      const cell = row + Math.min(COLS - 1, Math.floor((x * COLS) / width));
      cells[cell]! += luma[y * width + x]!;
      counts[cell]! += 1;
    }
  }
  let hex = "";
  for (let r = 0; r < ROWS; r++) {
    let byte = 0;
    for (let c = 0; c < COLS - 1; c++) {
      const left = cells[r * COLS + c]! / counts[r * COLS + c]!;
      const right = cells[r * COLS + c + 1]! / counts[r * COLS + c + 1]!;
      byte = (byte << 1) | (left > right ? 1 : 0);
    }
    hex += byte.toString(16).padStart(2, "0");
  }
  return hex;
}

/** How many of the 64 bits differ. */
export function hashDistance(a: string, b: string): number {
  let bits = 0;
  for (let i = 0; i < 16; i += 4) {
    let x = Number.parseInt(a.slice(i, i + 4), 16) ^ Number.parseInt(b.slice(i, i + 4), 16);
    while (x) {
      x &= x - 1;
      bits++;
    }
  }
  return bits;
}

export const isNearDuplicate = (a: string, b: string) => hashDistance(a, b) <= NEAR_DUPLICATE_MAX_BITS;
