// Builds the labelled photo fixtures in test/fixtures/photos/ from scikit-image's sample photos
// (public domain / CC0, see test/fixtures/photos/README.md). Run once; the outputs are committed.
//
//   node --import tsx scripts/make-photo-fixtures.ts [SKIMAGE_DATA_DIR]
//
// The sources come from Debian's python3-skimage. Its data files are enough, no install needed:
//   apt-get update && (cd /tmp && apt-get download python3-skimage && dpkg-deb -x python3-skimage_*.deb skd)
//   node --import tsx scripts/make-photo-fixtures.ts /tmp/skd/usr/lib/python3/dist-packages/skimage/data
// Every degradation is deterministic (seeded noise), so a re-run gives the same pixels.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";

const sourceDir = process.argv[2] ?? process.env.SKIMAGE_DATA ?? "/usr/lib/python3/dist-packages/skimage/data";
const outDir = join(import.meta.dirname, "..", "test", "fixtures", "photos");
if (!existsSync(join(sourceDir, "astronaut.png"))) {
  console.error(`scikit-image sample data not found in ${sourceDir} (see the header of this script)`);
  process.exit(1);
}
mkdirSync(outDir, { recursive: true });

const src = (name: string) => readFileSync(join(sourceDir, name));
const JPEG = { quality: 85, mozjpeg: true } as const;

type Defect = "blurry" | "too_dark" | "overexposed" | "noisy" | "low_contrast" | "color_cast" | "low_resolution" | "no_face" | "multiple_faces" | "face_too_small" | "head_tilted";

interface Label {
  /** What a person sees: the defects the analysis should flag, and nothing else. */
  defects: Defect[];
  /** Faces a person counts; null where the fixture is not meant for face assertions. */
  faces: number | null;
  source: string;
  note: string;
  /** Detector limits we know and accept (documented in worker/imaging/faces.ts). */
  knownMiss?: string;
  /** Reported object classes a person sees (imaging/coco.ts), other than people; absent = not labelled. */
  objects?: string[];
  /** Only for benchmarks / decoder tests, not for threshold calibration. */
  purpose?: "calibration" | "bench" | "decoder";
}
const labels: Record<string, Label> = {};

async function save(name: string, img: sharp.Sharp, label: Label) {
  const ext = name.split(".").pop();
  const pipeline = ext === "png" ? img.png({ compressionLevel: 9 }) : ext === "webp" ? img.webp({ quality: 80 }) : img.jpeg(JPEG);
  const buf = await pipeline.toBuffer();
  writeFileSync(join(outDir, name), buf);
  labels[name] = { purpose: "calibration", ...label };
}

/** Mulberry32: a tiny seeded PRNG so the noisy fixtures are reproducible. */
function prng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function gaussian(rand: () => number) {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

/** Adds zero-mean Gaussian noise (sigma in 8-bit levels) to every channel. */
async function addNoise(input: Buffer, sigma: number, seed: number): Promise<sharp.Sharp> {
  const { data, info } = await sharp(input).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const rand = prng(seed);
  for (let i = 0; i < data.length; i++) data[i] = Math.max(0, Math.min(255, Math.round(data[i]! + sigma * gaussian(rand))));
  return sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
}

const astronaut = src("astronaut.png");

// ---- Clean real photos -------------------------------------------------------------------------
await save("astronaut.jpg", sharp(astronaut), {
  defects: [],
  faces: 1,
  source: "astronaut.png",
  note: "Portrait of Eileen Collins, 512x512: the clean reference.",
});
await save("coffee.jpg", sharp(src("coffee.png")), { defects: ["no_face"], faces: 0, objects: ["cup"], source: "coffee.png", note: "Coffee cup, 600x400, no person." });
await save("chelsea-cat.jpg", sharp(src("chelsea.png")), {
  defects: ["no_face", "low_resolution"],
  faces: 0,
  objects: ["cat"],
  source: "chelsea.png",
  note: "A cat, 451x300: an animal face must not count as a person.",
});
await save("rocket-landscape.jpg", sharp(src("rocket.jpg")), {
  defects: ["no_face"],
  faces: 0,
  source: "rocket.jpg",
  note: "Outdoor launch scene, 640x427, no person.",
});
await save("clock-motion-blur.jpg", sharp(src("clock_motion.png")), {
  defects: ["blurry", "low_contrast", "no_face", "low_resolution"],
  faces: 0,
  source: "clock_motion.png",
  note: "A real photo with real camera-motion blur (grayscale, 400x300); a grey wall in flat light, so also low contrast.",
});

// ---- Degraded copies of the portrait -----------------------------------------------------------
await save("astronaut-soft.jpg", sharp(astronaut).blur(1.6), {
  defects: ["blurry"],
  faces: 1,
  source: "astronaut.png",
  note: "Gaussian blur sigma 1.6 px: visibly soft at full size.",
});
await save("astronaut-blurred.jpg", sharp(astronaut).blur(3.5), {
  defects: ["blurry"],
  faces: 1,
  source: "astronaut.png",
  note: "Gaussian blur sigma 3.5 px: clearly out of focus.",
});
await save("astronaut-dark.jpg", sharp(astronaut).linear(0.3, 0), {
  defects: ["too_dark"],
  faces: 1,
  source: "astronaut.png",
  note: "Every 8-bit level multiplied by 0.3 (about 3.5 stops under in linear light).",
});
await save("astronaut-overexposed.jpg", sharp(astronaut).linear(1.8, 60), {
  defects: ["overexposed"],
  faces: 1,
  source: "astronaut.png",
  note: "Levels x1.8 + 60: face and suit blown out to white.",
});
await save("astronaut-noisy.jpg", await addNoise(astronaut, 22, 1), {
  defects: ["noisy"],
  faces: 1,
  source: "astronaut.png",
  note: "Gaussian noise sigma 22 levels per channel (seeded), like a high-ISO phone shot.",
});
await save("astronaut-grainy.jpg", await addNoise(astronaut, 10, 2), {
  defects: ["noisy"],
  faces: 1,
  source: "astronaut.png",
  note: "Gaussian noise sigma 10 levels per channel (seeded): moderate grain.",
});
await save("astronaut-flat.jpg", sharp(astronaut).linear(0.3, 0.7 * 128), {
  defects: ["low_contrast"],
  faces: 1,
  source: "astronaut.png",
  note: "Levels squeezed to 30% around mid-grey: hazy, washed out.",
});
await save(
  "astronaut-color-cast.jpg",
  sharp(astronaut).recomb([
    [1.0, 0.05, 0],
    [0, 0.92, 0],
    [0, 0, 0.55],
  ]),
  { defects: ["color_cast"], faces: 1, source: "astronaut.png", note: "Blue channel x0.55: strong yellow (tungsten-like) cast." },
);
await save("astronaut-lowres.jpg", sharp(astronaut).resize(200, 200, { kernel: "lanczos3" }), {
  defects: ["low_resolution"],
  faces: 1,
  source: "astronaut.png",
  note: "Downscaled to 200x200.",
});
{
  // Rotate 25 degrees, then crop the centre so little of the fill shows.
  const rotated = await sharp(astronaut).rotate(25, { background: "#5a5a5a" }).toBuffer();
  const meta = await sharp(rotated).metadata();
  const side = 400;
  const left = Math.round((meta.width! - side) / 2);
  const top = Math.round((meta.height! - side) / 2) - 40;
  await save("astronaut-tilted.jpg", sharp(rotated).extract({ left, top, width: side, height: side }), {
    defects: ["head_tilted"],
    faces: 1,
    source: "astronaut.png",
    note: "Rotated 25 degrees clockwise, 400x400 centre crop (the original head roll is ~9 degrees, so ~34 in total).",
  });
}
{
  // The whole portrait pasted small into a wider scene: a person far from the camera.
  const scene = await sharp(src("rocket.jpg")).resize(1000, 667).toBuffer();
  const small = await sharp(astronaut).extract({ left: 0, top: 0, width: 512, height: 440 }).resize(680).toBuffer();
  await save("astronaut-small-face.jpg", sharp(scene).composite([{ input: small, left: 280, top: 82 }]), {
    defects: ["face_too_small"],
    faces: 1,
    source: "astronaut.png + rocket.jpg",
    note: "Head and shoulders scaled to 680 px wide inside a 1000x667 scene: the face box is ~14% of the frame width.",
  });
  const tiny = await sharp(astronaut).resize(150, 150).toBuffer();
  await save("astronaut-tiny-face.jpg", sharp(scene).composite([{ input: tiny, left: 700, top: 380 }]), {
    defects: ["face_too_small"],
    faces: 1,
    source: "astronaut.png + rocket.jpg",
    note: "Portrait scaled to 150 px inside a 1000x667 scene: the face is ~3% of the frame width (its detected box ~4%), at the detector's limit.",
  });
}
{
  // A 2x2 collage of head-and-shoulders crops (two mirrored, two slightly scaled): 4 faces.
  const crop = await sharp(astronaut).extract({ left: 120, top: 20, width: 224, height: 224 }).resize(256, 256).toBuffer();
  const tiles = [
    await sharp(crop).toBuffer(),
    await sharp(crop).flop().toBuffer(),
    await sharp(crop).flop().modulate({ brightness: 1.1 }).toBuffer(),
    await sharp(crop).modulate({ saturation: 0.6 }).toBuffer(),
  ];
  const canvas = sharp({ create: { width: 512, height: 512, channels: 3, background: "#808080" } }).composite(
    tiles.map((input, i) => ({ input, left: (i % 2) * 256, top: Math.floor(i / 2) * 256 })),
  );
  await save("group-collage.jpg", sharp(await canvas.png().toBuffer()), {
    defects: ["multiple_faces"],
    faces: 4,
    source: "astronaut.png",
    note: "2x2 collage of the portrait (mirrored and re-toned copies): four faces.",
  });
}

{
  // Three people side by side (one face three times: mirrored and re-toned copies), each head
  // and shoulders 400 px wide in a 1200x400 frame: faces ~7% of the frame width each.
  const head = await sharp(astronaut).extract({ left: 56, top: 0, width: 400, height: 400 }).toBuffer();
  const people = [
    await sharp(head).toBuffer(),
    await sharp(head).flop().modulate({ brightness: 1.08 }).toBuffer(),
    await sharp(head).modulate({ saturation: 0.7, hue: 12 }).toBuffer(),
  ];
  const canvas = sharp({ create: { width: 1200, height: 400, channels: 3, background: "#7a7a7a" } }).composite(people.map((input, i) => ({ input, left: i * 400, top: 0 })));
  await save("group-three.jpg", sharp(await canvas.png().toBuffer()), {
    defects: ["multiple_faces", "face_too_small"],
    faces: 3,
    source: "astronaut.png",
    note: "Three copies of the portrait side by side (original, mirrored, re-toned), 1200x400: three faces of ~7% of the frame width.",
  });
}
{
  // A person standing far off: the whole portrait shrunk so the face is ~6% of the frame width,
  // low in a tall 800x1200 frame of the launch scene (the rocket's plume above, as in a travel shot).
  const scene = await sharp(src("rocket.jpg")).resize(800, 1200, { fit: "cover" }).toBuffer();
  const person = await sharp(astronaut).resize(260, 260).toBuffer();
  await save("person-far.jpg", sharp(scene).composite([{ input: person, left: 420, top: 800 }]), {
    defects: ["face_too_small"],
    faces: 1,
    source: "astronaut.png + rocket.jpg",
    note: "Portrait scaled to 260 px, pasted low in an 800x1200 crop of the launch scene: one face of ~6% of the frame width, the framing of a full-body shot (the body below the chest is not in the source photo).",
  });
}

{
  // Sunglasses drawn on the portrait: two dark, slightly glossy lenses over the eyes (eye centres
  // measured on astronaut.jpg: right eye 202,103, left eye 248,106) and a bridge between them.
  const lens = (cx: number, cy: number) => `<ellipse cx="${cx}" cy="${cy}" rx="19" ry="14" fill="url(#g)" stroke="#222" stroke-width="2"/>`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512">
    <defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#2a2d33"/><stop offset="1" stop-color="#101114"/></linearGradient></defs>
    ${lens(202, 103)}${lens(249, 106)}<path d="M220 101 Q225 97 231 102" stroke="#222" stroke-width="3" fill="none"/></svg>`;
  await save("astronaut-sunglasses.jpg", sharp(astronaut).composite([{ input: Buffer.from(svg) }]), {
    defects: [],
    faces: 1,
    source: "astronaut.png",
    note: "The portrait with dark sunglasses drawn over both eyes: the eyes cannot be seen.",
  });
}
{
  // A person with their cat: the portrait (face ~7% of the frame width) beside the cat, 1000x500.
  // The scene a dating profile's "pet photo" shows; the object detector must find the cat.
  const person = await sharp(astronaut).resize(480, 480).toBuffer();
  const cat = await sharp(src("chelsea.png")).resize(520, 346).toBuffer();
  const canvas = sharp({ create: { width: 1000, height: 500, channels: 3, background: "#6f7a68" } }).composite([
    { input: person, left: 0, top: 20 },
    { input: cat, left: 480, top: 154 },
  ]);
  await save("with-cat.jpg", sharp(await canvas.png().toBuffer()), {
    defects: ["face_too_small"],
    faces: 1,
    objects: ["cat"],
    source: "astronaut.png + chelsea.png",
    note: "The portrait at 480 px beside the cat at 520 px, 1000x500: one person (face ~9% of the width) with a pet.",
  });
}
{
  // A smaller cat in an outdoor scene, mirrored: the cat ~40% of the frame width.
  const scene = await sharp(src("rocket.jpg")).resize(900, 600, { fit: "cover" }).toBuffer();
  const cat = await sharp(src("chelsea.png")).flop().resize(360, 240).toBuffer();
  await save("cat-small.jpg", sharp(scene).composite([{ input: cat, left: 300, top: 330 }]), {
    defects: ["no_face"],
    faces: 0,
    objects: ["cat"],
    source: "chelsea.png + rocket.jpg",
    note: "The cat mirrored and shrunk to 360 px, pasted low in a 900x600 crop of the launch scene: no person, a pet at 40% of the width.",
  });
}

// ---- Decoder fixtures --------------------------------------------------------------------------
await save("astronaut.webp", sharp(astronaut), {
  defects: [],
  faces: 1,
  source: "astronaut.png",
  note: "The clean portrait as lossy WebP q80.",
  purpose: "decoder",
});
await save("astronaut-small.png", sharp(astronaut).resize(256, 256), {
  defects: ["low_resolution"],
  faces: 1,
  source: "astronaut.png",
  note: "256x256 PNG (8-bit RGB).",
  purpose: "decoder",
});
{
  // Pixels stored rotated 90 degrees counter-clockwise, EXIF orientation 6 says "rotate 90 CW to
  // display": a correct decoder returns the upright 512x400 portrait.
  const upright = await sharp(astronaut).extract({ left: 0, top: 40, width: 512, height: 400 }).toBuffer();
  const stored = await sharp(upright).rotate(-90).jpeg(JPEG).withMetadata({ orientation: 6 }).toBuffer();
  writeFileSync(join(outDir, "astronaut-exif-rotated.jpg"), stored);
  labels["astronaut-exif-rotated.jpg"] = {
    defects: [],
    faces: 1,
    source: "astronaut.png",
    note: "Stored sideways (400x512) with EXIF Orientation=6; displays upright as 512x400.",
    purpose: "decoder",
  };
}

// ---- Benchmark inputs: phone-sized portraits with realistic JPEG entropy --------------------------
for (const [name, width, height] of [
  ["bench-1080x1350.jpg", 1080, 1350],
  ["bench-1638x2048.jpg", 1638, 2048],
] as const) {
  const up = await sharp(astronaut).resize(width, height, { fit: "cover", kernel: "lanczos3" }).toBuffer();
  await save(name, await addNoise(up, 4, 3), {
    defects: [],
    faces: 1,
    source: "astronaut.png",
    note: `Upscaled to ${width}x${height} with light sensor-like noise, for timing only.`,
    purpose: "bench",
  });
}

writeFileSync(join(outDir, "labels.json"), `${JSON.stringify(labels, null, 2)}\n`);
let total = 0;
for (const name of Object.keys(labels)) total += statSync(join(outDir, name)).size;
console.log(`${Object.keys(labels).length} fixtures, ${(total / 1024).toFixed(0)} KiB in ${outDir}`);
