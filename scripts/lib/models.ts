// The vendored model files (worker/imaging/models/) and their manifest, for the scripts that
// write the manifest, seed the local R2 bucket (`npm run dev`, bench, e2e) and upload for deploy.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ModelManifest } from "../../worker/imaging/models";

export const modelsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../worker/imaging/models");
export const manifestPath = path.join(modelsDir, "manifest.json");

/** Every `<name>.json` with a `<name>.bin` beside it, with checksums and the R2 key of each file. */
export function buildManifest(): ModelManifest {
  const manifest: ModelManifest = {};
  const names = fs
    .readdirSync(modelsDir)
    .filter((f) => f.endsWith(".bin") && fs.existsSync(path.join(modelsDir, f.replace(/\.bin$/, ".json"))))
    .map((f) => f.replace(/\.bin$/, ""))
    .sort();
  for (const name of names) {
    const file = (ext: "json" | "bin") => {
      const bytes = fs.readFileSync(path.join(modelsDir, `${name}.${ext}`));
      const sha256 = crypto.createHash("sha256").update(bytes).digest("hex");
      // Content-addressed: a deploy with new weights never overwrites what a running version reads.
      return { key: `${name}/${sha256.slice(0, 16)}.${ext}`, sha256, bytes: bytes.length };
    };
    manifest[name] = { json: file("json"), bin: file("bin") };
  }
  return manifest;
}

export function readManifest(): ModelManifest {
  return JSON.parse(fs.readFileSync(manifestPath, "utf8")) as ModelManifest;
}

/** Each file the loader may ask for: its R2 key and the vendored file that holds it. */
export function modelObjects(manifest = readManifest()): { key: string; file: string; bytes: number }[] {
  return Object.entries(manifest).flatMap(([name, m]) =>
    (["json", "bin"] as const).map((ext) => ({ key: m[ext].key, file: path.join(modelsDir, `${name}.${ext}`), bytes: m[ext].bytes })),
  );
}

/**
 * Puts the vendored model files into the local MODELS bucket of a `wrangler dev --persist-to
 * <persistTo>` (the same store wrangler's own `r2 object put --local` writes), skipping keys
 * already there. Returns how many files were written.
 */
export async function seedLocalModels(persistTo: string): Promise<number> {
  const { Miniflare } = await import("miniflare");
  const mf = new Miniflare({
    modules: true,
    script: "export default {}",
    defaultPersistRoot: path.join(persistTo, "v3"),
    r2Buckets: { MODELS: LOCAL_MODELS_BUCKET },
  });
  try {
    const bucket = await mf.getR2Bucket("MODELS");
    let written = 0;
    for (const { key, file } of modelObjects()) {
      if (await bucket.head(key)) continue;
      const data = fs.readFileSync(file);
      // A plain ArrayBuffer: miniflare's proxy cannot serialise a Node Buffer.
      await bucket.put(key, data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
      written++;
    }
    return written;
  } finally {
    await mf.dispose();
  }
}

/** wrangler.toml's top-level MODELS bucket_name (what `wrangler dev` binds locally). */
export const LOCAL_MODELS_BUCKET = "firstlook-models";
