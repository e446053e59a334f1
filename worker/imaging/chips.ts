// Face chips: the aligned 150x150 crop of each face that the embedding network reads. Pure
// TypeScript (no tfjs, no model), so the API isolate that detected the faces cuts the chips and
// sends only them to the vision Worker (worker/vision/index.ts), which holds the embedding model
// in its own 128 MB isolate (issue #12: the analysis pack and the embedding do not fit in one).
//
// Alignment: the crop is rotated and scaled from the detector's two eye keypoints so the eyes
// land on fixed points of the chip (roll and face size no longer change the embedding). The
// geometry was chosen on the calibration set (bench/LIKENESS-CALIBRATION.md).
import { bilinear } from "./crop";
import type { FaceBox } from "./features";
import { CHIP_GEOMETRY, type ChipGeometry } from "./identity";
import type { WorkingImage } from "./working-image";

/** Side of a chip in pixels (the dlib network's input). */
export const CHIP = 150;
/** Float32 values per chip (RGB). */
export const CHIP_VALUES = CHIP * CHIP * 3;

/**
 * The aligned 150x150 chip of one face from the working image (RGB 0..255, row-major), sampled
 * bilinearly through the similarity transform that puts the eyes on CHIP_GEOMETRY. Outside the
 * frame the nearest edge pixel is repeated.
 */
export function alignedChip(work: WorkingImage, face: FaceBox, geometry: ChipGeometry = CHIP_GEOMETRY): Float32Array {
  const s = work.scale;
  // The subject's right eye is on the image's left.
  const ax = face.keypoints.rightEye.x / s;
  const ay = face.keypoints.rightEye.y / s;
  const bx = face.keypoints.leftEye.x / s;
  const by = face.keypoints.leftEye.y / s;
  const eyeDist = Math.max(1e-3, Math.hypot(bx - ax, by - ay));
  // Source pixels per chip pixel, and the eye line's direction in the source.
  const k = eyeDist / (geometry.eyeDistance * CHIP);
  const ux = (bx - ax) / eyeDist;
  const uy = (by - ay) / eyeDist;
  const mx = (ax + bx) / 2;
  const my = (ay + by) / 2;
  const cy0 = geometry.eyeLine * CHIP;
  const out = new Float32Array(CHIP * CHIP * 3);
  const { width: W, height: H, rgb } = work;
  const px = [0, 0, 0];
  for (let y = 0; y < CHIP; y++) {
    for (let x = 0; x < CHIP; x++) {
      const dx = (x + 0.5 - CHIP / 2) * k;
      const dy = (y + 0.5 - cy0) * k;
      bilinear(rgb, W, H, 3, mx + dx * ux - dy * uy - 0.5, my + dx * uy + dy * ux - 0.5, px);
      out.set(px, (y * CHIP + x) * 3);
    }
  }
  return out;
}

/** The chips of `faces`, packed one after another (CHIP_VALUES each, same order). */
export function faceChips(work: WorkingImage, faces: FaceBox[], geometry: ChipGeometry = CHIP_GEOMETRY): Float32Array {
  const chips = new Float32Array(faces.length * CHIP_VALUES);
  for (const [i, f] of faces.entries()) chips.set(alignedChip(work, f, geometry), i * CHIP_VALUES);
  return chips;
}
