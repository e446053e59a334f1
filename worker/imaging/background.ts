// How busy the background is: detail (luma gradient) outside the person against on them. A plain
// wall, open sky or a blurred-out background keeps the eye on the person; a cluttered room or a
// crowd behind them competes for it. Measured on the working image, placed by the primary face:
// the subject region is the face widened to the shoulders (3.2 face widths) from just above the
// head down to the bottom of the frame, which is where a person's body is in nearly every
// dating photo. Pure JS, a few ms.
import type { BackgroundFacts, Box } from "./features";
import type { WorkingImage } from "./working-image";

/** Subject region width in face widths (shoulder to shoulder with some arm), and headroom in face heights. */
const SUBJECT_FACE_WIDTHS = 3.2;
const HEADROOM_FACE_HEIGHTS = 0.3;

/** The subject region of a face box (working pixels), clipped to the frame. */
export function subjectRegion(face: Box, width: number, height: number): Box {
  const cx = face.x + face.width / 2;
  const half = (face.width * SUBJECT_FACE_WIDTHS) / 2;
  const x0 = Math.max(0, cx - half);
  const x1 = Math.min(width, cx + half);
  const y0 = Math.max(0, face.y - face.height * HEADROOM_FACE_HEIGHTS);
  return { x: x0, y: y0, width: x1 - x0, height: height - y0 };
}

/** Mean |dx| + |dy| of luma outside and inside the subject region; null without a face. */
export function measureBackground(work: WorkingImage, face: Box | null): BackgroundFacts | null {
  if (!face) return null;
  const { width, height, luma } = work;
  const s = subjectRegion(face, width, height);
  const sx0 = Math.floor(s.x);
  const sx1 = Math.ceil(s.x + s.width);
  const sy0 = Math.floor(s.y);
  let out = 0;
  let outN = 0;
  let inside = 0;
  let inN = 0;
  for (let y = 0; y < height - 1; y++) {
    for (let x = 0, i = y * width; x < width - 1; x++, i++) {
      const g = Math.abs(luma[i + 1]! - luma[i]!) + Math.abs(luma[i + width]! - luma[i]!);
      if (y >= sy0 && x >= sx0 && x < sx1) {
        inside += g;
        inN++;
      } else {
        out += g;
        outN++;
      }
    }
  }
  const total = outN + inN;
  return { detail: outN ? out / outN : 0, subjectDetail: inN ? inside / inN : 0, share: total ? outN / total : 0 };
}
