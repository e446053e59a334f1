// `npm run build:web`: the web demo of both apps, ready for Cloudflare Pages.
//   mobile/dist/dating/     APP_VARIANT=dating
//   mobile/dist/headshots/  APP_VARIANT=headshots
// EXPO_PUBLIC_API_URL is baked in at export time (default: the local API). Pages does not
// upload paths containing "node_modules", and Expo writes some assets under
// dist/assets/node_modules/: that folder is renamed and every reference rewritten. A
// _redirects file makes deep links (e.g. /gallery) load the single-page app.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const apiUrl = process.env.EXPO_PUBLIC_API_URL ?? "http://127.0.0.1:8787";
const variants = (process.env.VARIANTS ?? "dating,headshots").split(",");
const RENAMED = "vendor";

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** Moves dist/assets/node_modules to dist/assets/vendor and rewrites every reference. */
export function makePagesSafe(outDir) {
  const from = path.join(outDir, "assets", "node_modules");
  if (fs.existsSync(from)) fs.renameSync(from, path.join(outDir, "assets", RENAMED));
  let rewritten = 0;
  for (const file of walk(outDir)) {
    if (!/\.(js|html|css|json|map)$/.test(file)) continue;
    const text = fs.readFileSync(file, "utf8");
    const next = text.replaceAll("/assets/node_modules/", `/assets/${RENAMED}/`);
    if (next !== text) {
      fs.writeFileSync(file, next);
      rewritten++;
    }
  }
  const leftovers = walk(outDir).filter((f) => f.includes(`${path.sep}node_modules${path.sep}`));
  if (leftovers.length) throw new Error(`paths with node_modules remain: ${leftovers.slice(0, 3).join(", ")}`);
  fs.writeFileSync(path.join(outDir, "_redirects"), "/*    /index.html   200\n");
  return rewritten;
}

for (const variant of variants) {
  const outDir = path.join(root, "dist", variant);
  fs.rmSync(outDir, { recursive: true, force: true });
  const started = Date.now();
  execFileSync("npx", ["expo", "export", "-p", "web", "--output-dir", outDir, "--clear"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, APP_VARIANT: variant, EXPO_PUBLIC_API_URL: apiUrl, EXPO_OFFLINE: "1", EXPO_NO_TELEMETRY: "1", CI: "1" },
  });
  const rewritten = makePagesSafe(outDir);
  const bytes = walk(outDir).reduce((n, f) => n + fs.statSync(f).size, 0);
  console.log(`[build:web] ${variant}: dist/${variant} (${(bytes / 1024 / 1024).toFixed(2)} MiB, ${rewritten} files rewritten, API ${apiUrl}) in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
