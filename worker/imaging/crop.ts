// Square, optionally rotated crops resampled to a model's input size: the detector's tiles and
// zoomed re-checks, and the face, eye and expression crops of the per-face models. Pure JS over
// either the working image (float RGB) or the decoded photo (RGBA bytes), so the per-face models
// read the photo at its own resolution instead of the 512 px working copy.

/** Interleaved pixels, 0..255: RGB floats (working image) or RGBA bytes (decoded photo). */
export interface PixelSource {
  data: ArrayLike<number>;
  width: number;
  height: number;
  channels: 3 | 4;
}

/** A square region: centre and side in source pixels, rotated by `angle` radians (clockwise as seen). */
export interface Square {
  cx: number;
  cy: number;
  side: number;
  angle: number;
}

export interface CropOptions {
  /** Output side in pixels (the model's input). */
  size: number;
  /** Maps a 0..255 value to the model's input range. */
  normalize: (v: number) => number;
  /** Value for pixels outside the source (already normalised). */
  pad: number;
  /** One luma channel (Rec. 601, as face-expression models are trained) instead of RGB. */
  gray?: boolean;
  /** Mirror left-right (models trained on one eye read the other one mirrored). */
  mirror?: boolean;
  /** Where to write: a batch buffer and the offset of this crop in it. */
  out?: Float32Array;
  offset?: number;
}

/**
 * Samples `region` into a size x size crop. Downscaling averages k x k bilinear samples per output
 * pixel (k = ceil(source px per output px), at most 4): an area filter, so small inputs do not
 * alias. Returns the buffer written.
 */
export function cropSquare(src: PixelSource, region: Square, opts: CropOptions): Float32Array {
  const { size, normalize, pad } = opts;
  const channels = opts.gray ? 1 : 3;
  const out = opts.out ?? new Float32Array(size * size * channels);
  const offset = opts.offset ?? 0;
  const step = region.side / size;
  const k = Math.min(4, Math.max(1, Math.ceil(step - 1e-6)));
  const cos = Math.cos(region.angle);
  const sin = Math.sin(region.angle);
  const { data, width, height, channels: sc } = src;
  const rgb = [0, 0, 0];
  for (let oy = 0; oy < size; oy++) {
    for (let ox = 0; ox < size; ox++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let inside = 0;
      for (let sy = 0; sy < k; sy++) {
        for (let sx = 0; sx < k; sx++) {
          // Crop coordinates centred on the region, in source pixels, then rotated into the source.
          const col = opts.mirror ? size - 1 - ox : ox;
          const u = (col + (sx + 0.5) / k - size / 2) * step;
          const v = (oy + (sy + 0.5) / k - size / 2) * step;
          const x = region.cx + u * cos - v * sin - 0.5;
          const y = region.cy + u * sin + v * cos - 0.5;
          if (x < -0.5 || y < -0.5 || x > width - 0.5 || y > height - 0.5) continue;
          bilinear(data, width, height, sc, x, y, rgb);
          r += rgb[0]!;
          g += rgb[1]!;
          b += rgb[2]!;
          inside++;
        }
      }
      const at = offset + (oy * size + ox) * channels;
      // A pixel half outside the photo takes the padding for its outside share.
      const outside = k * k - inside;
      if (channels === 1) {
        const luma = inside ? (0.299 * r + 0.587 * g + 0.114 * b) / inside : 0;
        out[at] = inside ? (normalize(luma) * inside + pad * outside) / (k * k) : pad;
      } else {
        out[at] = inside ? (normalize(r / inside) * inside + pad * outside) / (k * k) : pad;
        out[at + 1] = inside ? (normalize(g / inside) * inside + pad * outside) / (k * k) : pad;
        out[at + 2] = inside ? (normalize(b / inside) * inside + pad * outside) / (k * k) : pad;
      }
    }
  }
  return out;
}

/** The RGB of an interleaved image at (x, y), bilinearly interpolated; outside the frame the nearest edge pixel. Writes `out[0..2]`. */
export function bilinear(data: ArrayLike<number>, width: number, height: number, channels: number, x: number, y: number, out: number[]) {
  const cx = Math.min(width - 1, Math.max(0, x));
  const cy = Math.min(height - 1, Math.max(0, y));
  const x0 = Math.floor(cx);
  const y0 = Math.floor(cy);
  const x1 = Math.min(width - 1, x0 + 1);
  const y1 = Math.min(height - 1, y0 + 1);
  const fx = cx - x0;
  const fy = cy - y0;
  const p00 = (y0 * width + x0) * channels;
  const p10 = (y0 * width + x1) * channels;
  const p01 = (y1 * width + x0) * channels;
  const p11 = (y1 * width + x1) * channels;
  for (let c = 0; c < 3; c++) {
    const top = data[p00 + c]! + (data[p10 + c]! - data[p00 + c]!) * fx;
    const bottom = data[p01 + c]! + (data[p11 + c]! - data[p01 + c]!) * fx;
    out[c] = top + (bottom - top) * fy;
  }
}

/** Maps a point of a crop (in crop pixels, 0..size) back to source pixels. */
export function cropToSource(region: Square, size: number, px: number, py: number, mirrored = false): { x: number; y: number } {
  const step = region.side / size;
  const u = ((mirrored ? size - px : px) - size / 2) * step;
  const v = (py - size / 2) * step;
  const cos = Math.cos(region.angle);
  const sin = Math.sin(region.angle);
  return { x: region.cx + u * cos - v * sin, y: region.cy + u * sin + v * cos };
}
