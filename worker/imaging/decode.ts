// Image sniffing, header parsing and decoding inside workerd.
//
// Order of defence: sniff the magic bytes, read the dimensions from the header WITHOUT decoding,
// refuse anything over the pixel budget (decompression bombs), check the container is complete
// (truncated uploads), and only then hand the bytes to a WASM codec. Codecs are the @jsquash
// builds of mozjpeg, libwebp and the Rust png crate; each .wasm is imported as a precompiled
// WebAssembly.Module (workerd forbids compiling WASM from bytes at run time) and instantiated
// lazily, because each instance reserves its own linear memory.
import mozjpegFactory, { type MozJPEGModule } from "@jsquash/jpeg/codec/dec/mozjpeg_dec.js";
import jpegWasm from "@jsquash/jpeg/codec/dec/mozjpeg_dec.wasm";
import initPngCodec, { decode as pngDecode } from "@jsquash/png/codec/pkg/squoosh_png.js";
// @ts-expect-error the package's squoosh_png_bg.wasm.d.ts describes the instance exports, but a
// bundled .wasm import is the compiled WebAssembly.Module (worker/wasm.d.ts).
import pngWasmModule from "@jsquash/png/codec/pkg/squoosh_png_bg.wasm";
import webpFactory, { type WebPModule } from "@jsquash/webp/codec/dec/webp_dec.js";
import webpWasm from "@jsquash/webp/codec/dec/webp_dec.wasm";
import { ImagingError } from "./errors";

const pngWasm = pngWasmModule as WebAssembly.Module;

export type DecodableType = "jpeg" | "png" | "webp";
export type SniffedType = DecodableType | "heic" | "avif" | "gif" | "svg" | "bmp" | "tiff" | "text" | "unknown" | "empty";

export interface Sniffed {
  type: SniffedType;
  supported: boolean;
}

export interface ImageHeader {
  type: DecodableType;
  /** Displayed size: for JPEG, after the EXIF orientation has been applied. */
  width: number;
  height: number;
  /** EXIF orientation 1-8 (1 = as stored). Only JPEG carries it here. */
  orientation: number;
}

export interface DecodedImage extends ImageHeader {
  /** RGBA, 8 bits per channel, row-major, width * height * 4 bytes. */
  data: Uint8ClampedArray;
}

export interface DecodeLimits {
  /** Refuse larger files outright (image_too_large). */
  maxBytes: number;
  /** Refuse headers declaring more pixels than this (dimensions_too_large). */
  maxPixels: number;
  /** Refuse headers with a side longer than this (dimensions_too_large). */
  maxSide: number;
}

/**
 * Decoding costs about 8 bytes per pixel at the peak (the codec's output in WASM memory plus the
 * JS copy): 40 MP would be ~320 MB, far past the 128 MB isolate limit, and 12 MP (+~123 MB
 * measured) is already at it. So the default budget is 16 MP (a 12 MP phone photo passes with
 * its EXIF thumbnail and padding to spare), and uploads should be shrunk to <= 2048 px by the
 * Images binding or the client before they reach here. Callers may raise maxPixels up to
 * HARD_LIMITS (e.g. in a Worker with more headroom) but never beyond.
 */
export const DEFAULT_LIMITS: DecodeLimits = { maxBytes: 25 * 1024 * 1024, maxPixels: 16_000_000, maxSide: 12_000 };
export const HARD_LIMITS: DecodeLimits = { maxBytes: 50 * 1024 * 1024, maxPixels: 40_000_000, maxSide: 12_000 };

export function asBytes(input: ArrayBuffer | ArrayBufferView): Uint8Array {
  if (input instanceof Uint8Array) return input;
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  return new Uint8Array(input);
}

const ascii = (b: Uint8Array, at: number, len: number) => String.fromCharCode(...b.subarray(at, at + len));
const u16be = (b: Uint8Array, at: number) => (b[at]! << 8) | b[at + 1]!;
const u32be = (b: Uint8Array, at: number) => ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
const u16le = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8);
const u24le = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16);
const u32le = (b: Uint8Array, at: number) => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const HEIC_BRANDS = new Set(["heic", "heix", "hevc", "hevx", "heim", "heis", "hevm", "hevs", "mif1", "msf1"]);

/** Identifies the file type from its first bytes. Never throws. */
export function sniffImage(input: ArrayBuffer | ArrayBufferView): Sniffed {
  const b = asBytes(input);
  const type = sniffType(b);
  return { type, supported: type === "jpeg" || type === "png" || type === "webp" };
}

function sniffType(b: Uint8Array): SniffedType {
  if (b.length === 0) return "empty";
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return "jpeg";
  if (b.length >= 8 && PNG_SIGNATURE.every((v, i) => b[i] === v)) return "png";
  if (b.length >= 12 && ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 4) === "WEBP") return "webp";
  if (b.length >= 6 && (ascii(b, 0, 6) === "GIF87a" || ascii(b, 0, 6) === "GIF89a")) return "gif";
  if (b.length >= 12 && ascii(b, 4, 4) === "ftyp") {
    // ISO-BMFF: the major brand, then compatible brands, name the format.
    const boxSize = Math.min(u32be(b, 0), b.length, 256);
    const brands: string[] = [];
    for (let at = 8; at + 4 <= boxSize; at += at === 8 ? 8 : 4) brands.push(ascii(b, at, 4));
    if (brands.some((x) => x === "avif" || x === "avis")) return "avif";
    if (brands.some((x) => HEIC_BRANDS.has(x))) return "heic";
    return "unknown";
  }
  if (b.length >= 2 && b[0] === 0x42 && b[1] === 0x4d) return "bmp";
  if (b.length >= 4 && ((b[0] === 0x49 && b[1] === 0x49 && b[2] === 0x2a && b[3] === 0) || (b[0] === 0x4d && b[1] === 0x4d && b[2] === 0 && b[3] === 0x2a))) return "tiff";
  return looksLikeText(b);
}

function looksLikeText(b: Uint8Array): SniffedType {
  const head = b.subarray(0, 1024);
  let printable = 0;
  for (const c of head) {
    if (c === 0) return "unknown";
    if (c === 9 || c === 10 || c === 13 || c >= 32) printable++;
  }
  if (printable < head.length * 0.95) return "unknown";
  const text = new TextDecoder()
    .decode(head)
    .replace(/^\uFEFF/, "")
    .trimStart()
    .toLowerCase();
  if (text.startsWith("<") && text.includes("<svg")) return "svg";
  return "text";
}

/**
 * Reads type and displayed dimensions from the header alone (a few hundred bytes are parsed, no
 * pixels are decoded). Throws ImagingError: empty_file, unsupported_type or corrupt_image.
 */
export function readDimensions(input: ArrayBuffer | ArrayBufferView): ImageHeader {
  const b = asBytes(input);
  const { type, supported } = sniffImage(b);
  if (type === "empty") throw new ImagingError("empty_file", "The file is empty", type);
  if (!supported) throw new ImagingError("unsupported_type", `Unsupported image type: ${type}`, type);
  if (type === "jpeg") return jpegHeader(b);
  if (type === "png") return pngHeader(b);
  return webpHeader(b);
}

function corrupt(type: DecodableType, why: string): never {
  throw new ImagingError("corrupt_image", `Damaged ${type.toUpperCase()}: ${why}`, type);
}

function checked(type: DecodableType, width: number, height: number, orientation = 1): ImageHeader {
  if (!(width > 0 && height > 0)) corrupt(type, "zero width or height");
  const swap = orientation >= 5 && orientation <= 8;
  return { type, width: swap ? height : width, height: swap ? width : height, orientation };
}

// JPEG: walk the marker segments up to the first SOFn. Entropy-coded data never contains a bare
// 0xFF followed by a marker byte, so a segment walk is exact until SOS.
const SOF_MARKERS = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

interface JpegLayout {
  width: number;
  height: number;
  orientation: number;
  /** Offset of the first Start Of Scan segment: entropy-coded data follows it. */
  sos: number;
}

function jpegLayout(b: Uint8Array): JpegLayout {
  let at = 2;
  let orientation = 1;
  let width = 0;
  let height = 0;
  while (at + 4 <= b.length) {
    if (b[at] !== 0xff) corrupt("jpeg", `expected a marker at byte ${at}`);
    let marker = b[at + 1]!;
    while (marker === 0xff && at + 2 < b.length) marker = b[++at + 1]!; // fill bytes
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2;
      continue;
    }
    if (marker === 0xd9) corrupt("jpeg", "end of image before any scan");
    const length = u16be(b, at + 2);
    if (length < 2 || at + 2 + length > b.length) corrupt("jpeg", "segment runs past the end of the file");
    if (marker === 0xe1 && length >= 16 && ascii(b, at + 4, 6) === "Exif\0\0") {
      orientation = exifOrientation(b.subarray(at + 10, at + 2 + length)) ?? orientation;
    } else if (SOF_MARKERS.has(marker)) {
      if (length < 8) corrupt("jpeg", "short frame header");
      height = u16be(b, at + 5);
      width = u16be(b, at + 7);
    } else if (marker === 0xda) {
      if (!width) corrupt("jpeg", "scan before frame header");
      return { width, height, orientation, sos: at };
    }
    at += 2 + length;
  }
  return corrupt("jpeg", width ? "no image data (truncated)" : "no frame header (truncated)");
}

function jpegHeader(b: Uint8Array): ImageHeader {
  const { width, height, orientation } = jpegLayout(b);
  return checked("jpeg", width, height, orientation);
}

/** TIFF-structured EXIF block: IFD0 tag 0x0112 (Orientation). Undefined if absent or damaged. */
function exifOrientation(tiff: Uint8Array): number | undefined {
  if (tiff.length < 8) return undefined;
  const little = tiff[0] === 0x49 && tiff[1] === 0x49;
  if (!little && !(tiff[0] === 0x4d && tiff[1] === 0x4d)) return undefined;
  const r16 = (at: number) => (little ? u16le(tiff, at) : u16be(tiff, at));
  const r32 = (at: number) => (little ? u32le(tiff, at) : u32be(tiff, at));
  if (r16(2) !== 42) return undefined;
  const ifd = r32(4);
  if (ifd + 2 > tiff.length) return undefined;
  const count = r16(ifd);
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > tiff.length) return undefined;
    if (r16(entry) === 0x0112) {
      const value = r16(entry + 8);
      return value >= 1 && value <= 8 ? value : undefined;
    }
  }
  return undefined;
}

/** A complete JPEG ends with EOI (FFD9) after its first scan; uploads cut short do not. */
function jpegIsComplete(b: Uint8Array, sos: number): boolean {
  // Trailing padding or appended data (e.g. MPF secondary images) may follow EOI: search back.
  for (let at = b.length - 2; at > sos; at--) if (b[at] === 0xff && b[at + 1] === 0xd9) return true;
  return false;
}

// PNG: IHDR must be the first chunk. Completeness = a chunk walk that reaches IEND in bounds.
function pngHeader(b: Uint8Array): ImageHeader {
  if (b.length < 33 || ascii(b, 12, 4) !== "IHDR" || u32be(b, 8) !== 13) corrupt("png", "missing IHDR");
  return checked("png", u32be(b, 16), u32be(b, 20));
}

function pngIsComplete(b: Uint8Array): boolean {
  let at = 8;
  while (at + 12 <= b.length) {
    const length = u32be(b, at);
    const type = ascii(b, at + 4, 4);
    if (at + 12 + length > b.length) return false;
    if (type === "IEND") return true;
    at += 12 + length;
  }
  return false;
}

// WebP: RIFF container; the first chunk is VP8 (lossy), VP8L (lossless) or VP8X (extended).
function webpHeader(b: Uint8Array): ImageHeader {
  if (b.length < 30) corrupt("webp", "header too short");
  const chunk = ascii(b, 12, 4);
  if (chunk === "VP8 ") {
    if (b[23] !== 0x9d || b[24] !== 0x01 || b[25] !== 0x2a) corrupt("webp", "bad VP8 start code");
    return checked("webp", u16le(b, 26) & 0x3fff, u16le(b, 28) & 0x3fff);
  }
  if (chunk === "VP8L") {
    if (b[20] !== 0x2f) corrupt("webp", "bad VP8L signature");
    const bits = u32le(b, 21);
    return checked("webp", (bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
  }
  if (chunk === "VP8X") {
    if (b[20]! & 0x02) throw new ImagingError("unsupported_type", "Animated WebP is not supported", "webp");
    return checked("webp", u24le(b, 24) + 1, u24le(b, 27) + 1);
  }
  return corrupt("webp", `unknown first chunk ${JSON.stringify(chunk)}`);
}

function webpIsComplete(b: Uint8Array): boolean {
  return b.length >= u32le(b, 4) + 8;
}

// ---- Codecs --------------------------------------------------------------------------------------

type Codec<M> = { module: M; heapBytes: () => number };

// An Emscripten instance's linear memory only grows. After a large decode, or after any failure
// (the C code may have longjmp'd out mid-decode), the instance is dropped and the next call
// builds a fresh one: instantiating a precompiled module costs well under a millisecond.
const RECYCLE_HEAP_BYTES = 32 * 1024 * 1024;
let jpegCodec: Promise<Codec<MozJPEGModule>> | undefined;
let webpCodec: Promise<Codec<WebPModule>> | undefined;
let pngReady: Promise<unknown> | undefined;

function emscripten<M extends object>(factory: (opts: object) => Promise<M>, wasm: WebAssembly.Module): Promise<Codec<M>> {
  return factory({
    noInitialRun: true,
    instantiateWasm(imports: WebAssembly.Imports, done: (instance: WebAssembly.Instance) => void) {
      const instance = new WebAssembly.Instance(wasm, imports);
      done(instance);
      return instance.exports;
    },
  }).then((module) => ({ module, heapBytes: () => (module as unknown as { HEAPU8: Uint8Array }).HEAPU8.byteLength }));
}

/** Current linear-memory sizes of the instantiated codecs, in bytes (0 = not instantiated). */
export async function codecMemory(): Promise<{ jpeg: number; webp: number; png: number }> {
  const jpeg = jpegCodec ? (await jpegCodec).heapBytes() : 0;
  const webp = webpCodec ? (await webpCodec).heapBytes() : 0;
  const png = pngReady ? ((await pngReady) as { memory: WebAssembly.Memory }).memory.buffer.byteLength : 0;
  return { jpeg, webp, png };
}

type Raw = { data: Uint8ClampedArray; width: number; height: number };

async function decodeJpeg(b: Uint8Array): Promise<Raw | null> {
  let keep = false;
  try {
    jpegCodec ??= emscripten(mozjpegFactory as never, jpegWasm);
    const codec = await jpegCodec;
    // preserveOrientation: the decoder applies the EXIF orientation, so phone photos come out
    // upright and match the displayed size readDimensions reports.
    const out = codec.module.decode(b, true) as Raw | null;
    keep = codec.heapBytes() <= RECYCLE_HEAP_BYTES;
    return out;
  } finally {
    if (!keep) jpegCodec = undefined;
  }
}

async function decodeWebp(b: Uint8Array): Promise<Raw | null> {
  let keep = false;
  try {
    webpCodec ??= emscripten(webpFactory as never, webpWasm);
    const codec = await webpCodec;
    const out = codec.module.decode(b) as Raw | null;
    keep = codec.heapBytes() <= RECYCLE_HEAP_BYTES;
    return out;
  } finally {
    if (!keep) webpCodec = undefined;
  }
}

// wasm-bindgen keeps one instance per module and offers no reset, so the PNG codec is never
// recycled. PNG uploads are rare (screenshots) and the chunk walk rejects truncated files first.
async function decodePng(b: Uint8Array): Promise<Raw> {
  pngReady ??= initPngCodec(pngWasm).catch((e: unknown) => {
    pngReady = undefined;
    throw e;
  });
  await pngReady;
  return pngDecode(b) as unknown as Raw;
}

/**
 * Sniffs, guards and decodes to RGBA. Throws ImagingError with a stable code on every bad input;
 * a codec failure is reported as corrupt_image, never as a crash.
 */
export async function decodeImage(input: ArrayBuffer | ArrayBufferView, limits: Partial<DecodeLimits> = {}): Promise<DecodedImage> {
  const b = asBytes(input);
  const max = resolveLimits(limits);
  if (b.length > max.maxBytes) throw new ImagingError("image_too_large", `The file is ${b.length} bytes; the limit is ${max.maxBytes}`);
  const header = readDimensions(b);
  guardDimensions(header, max);

  let raw: Raw | null;
  try {
    if (header.type === "jpeg") {
      if (!jpegIsComplete(b, jpegLayout(b).sos)) corrupt("jpeg", "no end-of-image marker (truncated)");
      raw = await decodeJpeg(b);
    } else if (header.type === "webp") {
      if (!webpIsComplete(b)) corrupt("webp", "RIFF size exceeds the file (truncated)");
      raw = await decodeWebp(b);
    } else {
      if (!pngIsComplete(b)) corrupt("png", "no IEND chunk (truncated)");
      raw = await decodePng(b);
    }
  } catch (e) {
    if (e instanceof ImagingError) throw e;
    corrupt(header.type, e instanceof Error ? e.message : String(e));
  }
  if (!raw?.data) corrupt(header.type, "the decoder returned no image");
  const asHeader = raw.width === header.width && raw.height === header.height;
  // Swapped: the decoder read the EXIF orientation differently from us (e.g. a second APP1).
  // Its output is what the pixels are, so trust it rather than refuse a valid photo.
  const swapped = raw.width === header.height && raw.height === header.width;
  if ((!asHeader && !swapped) || raw.data.length !== raw.width * raw.height * 4) {
    corrupt(header.type, `decoded ${raw.width}x${raw.height}, header says ${header.width}x${header.height}`);
  }
  return { ...header, width: raw.width, height: raw.height, data: raw.data };
}

export function resolveLimits(limits: Partial<DecodeLimits>): DecodeLimits {
  return {
    maxBytes: Math.min(limits.maxBytes ?? DEFAULT_LIMITS.maxBytes, HARD_LIMITS.maxBytes),
    maxPixels: Math.min(limits.maxPixels ?? DEFAULT_LIMITS.maxPixels, HARD_LIMITS.maxPixels),
    maxSide: Math.min(limits.maxSide ?? DEFAULT_LIMITS.maxSide, HARD_LIMITS.maxSide),
  };
}

export function guardDimensions(header: ImageHeader, max: DecodeLimits): void {
  const { width, height } = header;
  if (width > max.maxSide || height > max.maxSide || width * height > max.maxPixels) {
    throw new ImagingError("dimensions_too_large", `${width}x${height} exceeds the limit (${max.maxPixels} pixels, ${max.maxSide} px per side)`, header.type);
  }
}
