// Builds the vision Worker (wrangler.vision.toml) into .wrangler/vision-build/ for the test pool,
// which runs it as an auxiliary worker behind the API's VISION service binding (vitest.config.ts).
// The auxiliary worker must be a bundle, not TypeScript; this is the bundle `wrangler deploy`
// uploads (same rules, same .wasm module), built offline with --dry-run in a few seconds.
import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const VISION_BUILD_DIR = path.join(root, ".wrangler/vision-build");
export const VISION_SCRIPT = path.join(VISION_BUILD_DIR, "index.js");

export async function buildVisionWorker(): Promise<void> {
  const started = Date.now();
  try {
    await promisify(execFile)(
      path.join(root, "node_modules/.bin/wrangler"),
      ["deploy", "--dry-run", "--outdir", VISION_BUILD_DIR, "-c", path.join(root, "wrangler.vision.toml"), "--env", ""],
      { cwd: root, env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" } },
    );
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    throw new Error(`building the vision Worker failed:\n${err.stdout ?? ""}${err.stderr ?? ""}`);
  }
  console.log(`[test] vision worker built in ${Date.now() - started} ms (${path.relative(root, VISION_SCRIPT)})`);
}
