// The web demo next to the API in `npm run dev` and `npm run test:e2e`: each app's static web
// export (mobile/dist/*, built by `npm --prefix mobile run build:web`) served on its own port with
// the SPA fallback Cloudflare Pages gives. index.html is served with the API's URL injected
// (globalThis.__FIRSTLOOK_API_URL__, read by mobile/src/config.ts), so an export works against an
// API on any port. A missing export is built first.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { spawnService } from "./processes.ts";
import { projectRoot } from "./stack.ts";
import { webDemoOrigin } from "./web-origin.ts";

const types: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".css": "text/css",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".ico": "image/x-icon",
  ".json": "application/json",
  ".ttf": "font/ttf",
  ".svg": "image/svg+xml",
};

export const variants = ["dating", "headshots"] as const;

/** The page names its API before the app's bundle runs (mobile/src/config.ts reads it). */
export function injectApiUrl(html: string, apiUrl: string): string {
  // JSON is a valid JS string literal; escaping "<" keeps "</script>" from closing the tag early.
  const script = `<script>globalThis.__FIRSTLOOK_API_URL__=${JSON.stringify(apiUrl).replace(/</g, "\\u003c")};</script>`;
  return html.includes("<head>") ? html.replace("<head>", `<head>\n    ${script}`) : script + html;
}

/** Serves an exported web build (port 0: any free port). */
export function serveStatic(dir: string, port: number, apiUrl: string): Promise<http.Server> {
  const index = path.join(dir, "index.html");
  const server = http.createServer((req, res) => {
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    let file = path.join(dir, pathname);
    if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) file = index;
    if (file === index) {
      res.writeHead(200, { "content-type": types[".html"]!, "cache-control": "no-store" });
      res.end(injectApiUrl(fs.readFileSync(index, "utf8"), apiUrl));
      return;
    }
    res.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream" });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}

/**
 * Runs `build:web`. "if-stale" rebuilds each app whose export is missing or was made from other
 * inputs (sources, assets, lockfile: see mobile/scripts/build-web.mjs); "if-missing" only builds
 * when an export is missing, for `npm run dev`, where a rebuild would delay every start by minutes.
 */
export async function buildWebDemo(when: "if-missing" | "if-stale", log: (m: string) => void, signal?: AbortSignal): Promise<void> {
  const dist = path.join(projectRoot, "mobile/dist");
  const missing = variants.filter((v) => !fs.existsSync(path.join(dist, v, "index.html")));
  if (when === "if-missing" && !missing.length) return;
  if (!fs.existsSync(path.join(projectRoot, "mobile/node_modules"))) {
    throw new Error("mobile/ dependencies are missing: run `npm install` at the root (it installs mobile/ too)");
  }
  if (missing.length) log(`web demo: building mobile/dist (missing: ${missing.join(", ")}; about a minute per app)...`);
  const started = performance.now();
  let partial = "";
  // Its own process group (npm, node, expo, Metro's workers): an abort stops all of it and waits.
  const build = spawnService("build:web", "npm", ["--prefix", "mobile", "run", "build:web", "--", ...(when === "if-stale" ? ["--if-stale"] : [])], {
    cwd: projectRoot,
    // No EXPO_PUBLIC_API_URL of ours: the URL baked in is only a fallback (the served page names
    // the API), and one that changed with every port would make every export look stale.
    env: { ...process.env, EXPO_OFFLINE: "1", EXPO_NO_TELEMETRY: "1" },
    quiet: true,
    // Only build-web's own summary lines: the export's progress output is long.
    onOutput: (chunk) => {
      const lines = (partial + chunk).split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) if (line.startsWith("[build:web]")) log(`web demo: ${line.slice("[build:web] ".length)}`);
    },
  });
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping = build.stop());
  signal?.addEventListener("abort", stop, { once: true });
  const code = await build.exited;
  signal?.removeEventListener("abort", stop);
  await stopping;
  signal?.throwIfAborted();
  if (code !== 0) throw new Error(`build:web exited with ${code}:\n${build.tail()}`);
  log(`web demo: export ready (${((performance.now() - started) / 1000).toFixed(1)} s)`);
}

/** Starts serving (building first if needed) on firstPort and firstPort + 1, or on any free
 * ports with firstPort 0. Resolves with the URLs and a stop function. */
export async function startWebDemo(apiUrl: string, firstPort: number, log: (m: string) => void, build: "if-missing" | "if-stale" = "if-missing", signal?: AbortSignal) {
  await buildWebDemo(build, log, signal);
  signal?.throwIfAborted();
  const dist = path.join(projectRoot, "mobile/dist");
  const servers: http.Server[] = [];
  // Idle keep-alive connections (a browser still open) would hold close() for seconds.
  const close = () =>
    Promise.all(
      servers.map(
        (s) =>
          new Promise<void>((r) => {
            s.close(() => r());
            s.closeAllConnections();
          }),
      ),
    ).then(() => undefined);
  try {
    for (const [i, v] of variants.entries()) servers.push(await serveStatic(path.join(dist, v), firstPort && firstPort + i, apiUrl));
  } catch (err) {
    await close();
    throw err;
  }
  return {
    urls: variants.map((v, i) => [v, webDemoOrigin((servers[i]!.address() as AddressInfo).port)] as const),
    stop: close,
  };
}
