// The web demo next to the API in `npm run dev`: each app's static web export (mobile/dist/*,
// built by `npm --prefix mobile run build:web`) served on its own port with the SPA fallback
// Cloudflare Pages gives. A missing export is built first, against this API's URL.
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { projectRoot } from "./stack.ts";

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

function serveStatic(dir: string, port: number): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    let file = path.join(dir, pathname);
    if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(dir, "index.html");
    res.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream" });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}

function build(apiUrl: string, log: (m: string) => void): Promise<void> {
  log("web demo: building mobile/dist (first run only, a few minutes)...");
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["--prefix", "mobile", "run", "build:web"], {
      cwd: projectRoot,
      env: { ...process.env, EXPO_PUBLIC_API_URL: apiUrl, EXPO_OFFLINE: "1", EXPO_NO_TELEMETRY: "1" },
      stdio: "ignore",
    });
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`build:web exited with ${code}`))));
    child.once("error", reject);
  });
}

/** Starts serving (building first if needed). Resolves with the URLs and a stop function. */
export async function startWebDemo(apiUrl: string, firstPort: number, log: (m: string) => void) {
  const dist = path.join(projectRoot, "mobile/dist");
  const missing = variants.filter((v) => !fs.existsSync(path.join(dist, v, "index.html")));
  if (missing.length) {
    if (!fs.existsSync(path.join(projectRoot, "mobile/node_modules"))) {
      throw new Error("mobile/ dependencies are missing: run `npm install` at the root (it installs mobile/ too)");
    }
    await build(apiUrl, log);
  }
  const servers = await Promise.all(variants.map((v, i) => serveStatic(path.join(dist, v), firstPort + i)));
  return {
    urls: variants.map((v, i) => [v, `http://127.0.0.1:${firstPort + i}`] as const),
    stop: () => Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r())))).then(() => undefined),
  };
}
