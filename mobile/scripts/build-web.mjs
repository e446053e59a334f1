// `npm run build:web`: the web demo of both apps, ready for Cloudflare Pages.
//   mobile/dist/dating/     APP_VARIANT=dating
//   mobile/dist/headshots/  APP_VARIANT=headshots
// EXPO_PUBLIC_API_URL is baked in at export time (default: the local API). Pages does not
// upload paths containing "node_modules", and Expo writes some assets under
// dist/assets/node_modules/: that folder is renamed and every reference rewritten. A
// _redirects file makes deep links (e.g. /gallery) load the single-page app.
// Each finished variant records a hash of its inputs in dist/.<variant>.inputs; with
// `--if-stale` a variant whose export exists and matches its inputs is not rebuilt (the
// end-to-end test uses this to build on a clean clone and skip the minutes-long export after).
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const apiUrl = process.env.EXPO_PUBLIC_API_URL ?? "http://127.0.0.1:8787";
const variants = (process.env.VARIANTS ?? "dating,headshots").split(",");
const RENAMED = "vendor";
const ifStale = process.argv.includes("--if-stale");

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

/** What a web export is made from: the app's sources (not its tests), assets, config and
 * dependencies, this script, and the API URL baked in as the fallback. */
function inputsHash(variant) {
  const hash = createHash("sha256").update(`${variant}\n${apiUrl}\n`);
  const isTest = (f) => /[\\/]__tests__[\\/]|\.test\.[jt]sx?$/.test(f);
  const files = [
    ...["src", "assets"].flatMap((d) => walk(path.join(root, d))).filter((f) => !isTest(f)),
    ...["app.config.ts", "package.json", "package-lock.json", "tsconfig.json", "babel.config.js", "metro.config.js", "scripts/build-web.mjs"]
      .map((f) => path.join(root, f))
      .filter((f) => fs.existsSync(f)),
  ].sort();
  for (const file of files) hash.update(`${path.relative(root, file)}\n`).update(fs.readFileSync(file));
  return hash.digest("hex");
}

/** The app config embedded in the bundle is this variant's (slug firstlook-<variant>). */
function assertVariant(outDir, variant) {
  const bundles = walk(path.join(outDir, "_expo")).filter((f) => f.endsWith(".js"));
  const slugs = new Set(bundles.flatMap((f) => [...fs.readFileSync(f, "utf8").matchAll(/slug\\?":\\?"(firstlook-[a-z]+)/g)].map((m) => m[1])));
  if (slugs.size !== 1 || !slugs.has(`firstlook-${variant}`)) {
    fs.rmSync(outDir, { recursive: true, force: true });
    throw new Error(`dist/${variant}: the bundle embeds the app config of ${[...slugs].join(", ") || "no variant"}, not firstlook-${variant}`);
  }
}

const stampFile = (variant) => path.join(root, "dist", `.${variant}.inputs`);

for (const variant of variants) {
  const outDir = path.join(root, "dist", variant);
  // Hashed before the export starts: an edit made while it runs makes the next check rebuild.
  const inputs = inputsHash(variant);
  const stamp = fs.existsSync(stampFile(variant)) ? fs.readFileSync(stampFile(variant), "utf8").trim() : null;
  if (ifStale && stamp === inputs && fs.existsSync(path.join(outDir, "index.html"))) {
    console.log(`[build:web] ${variant}: dist/${variant} is up to date`);
    continue;
  }
  fs.rmSync(stampFile(variant), { force: true });
  fs.rmSync(outDir, { recursive: true, force: true });
  const started = Date.now();
  // Metro caches transforms in $TMPDIR/metro-cache, shared by every bundler on the machine, and
  // the app config (APP_VARIANT) inlined into expo-constants is not part of its cache key: an
  // export running next to another variant's build picked up that variant's name and routes.
  // A private temp dir per checkout and variant (plus --clear) keeps each export to its own
  // variant; a fixed name, so one an interrupted export left behind is reused and removed.
  const tmp = path.join(os.tmpdir(), `firstlook-build-web-${createHash("sha256").update(root).digest("hex").slice(0, 8)}-${variant}`);
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  try {
    execFileSync("npx", ["expo", "export", "-p", "web", "--output-dir", outDir, "--clear"], {
      cwd: root,
      stdio: "inherit",
      env: { ...process.env, TMPDIR: tmp, APP_VARIANT: variant, EXPO_PUBLIC_API_URL: apiUrl, EXPO_OFFLINE: "1", EXPO_NO_TELEMETRY: "1", CI: "1" },
    });
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  assertVariant(outDir, variant);
  const rewritten = makePagesSafe(outDir);
  fs.writeFileSync(stampFile(variant), `${inputs}\n`);
  const bytes = walk(outDir).reduce((n, f) => n + fs.statSync(f).size, 0);
  console.log(
    `[build:web] ${variant}: dist/${variant} (${(bytes / 1024 / 1024).toFixed(2)} MiB, ${rewritten} files rewritten, API ${apiUrl}) in ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
}
