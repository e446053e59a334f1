// `npm run openapi:export`: writes the API's OpenAPI document to mobile/src/api/openapi.json and
// regenerates the mobile client's types from it. Fully offline: the Worker is bundled exactly as
// it is deployed (`wrangler deploy --dry-run`), run in Miniflare with throwaway but valid config,
// and asked for GET /openapi.json. No database is needed: that route never opens one.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Miniflare } from "miniflare";
import { generateLocalSecrets } from "./lib/secrets.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const mobile = path.join(root, "mobile");
const target = path.join(mobile, "src/api/openapi.json");

/** The few wrangler.toml values Miniflare needs; read, not guessed, so they stay in step. */
function readWranglerToml() {
  const toml = fs.readFileSync(path.join(root, "wrangler.toml"), "utf8");
  const top = toml.split(/^\[/m)[0] ?? "";
  const date = /^compatibility_date\s*=\s*"([^"]+)"/m.exec(top)?.[1];
  const flags = /^compatibility_flags\s*=\s*\[([^\]]*)\]/m.exec(top)?.[1];
  if (!date) throw new Error("wrangler.toml: compatibility_date not found");
  return { compatibilityDate: date, compatibilityFlags: [...(flags ?? "").matchAll(/"([^"]+)"/g)].map((m) => m[1]!) };
}

function bundleWorker(outdir: string): string {
  execFileSync("npx", ["wrangler", "deploy", "--dry-run", "--env", "", "--outdir", outdir], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" },
  });
  const script = path.join(outdir, "index.js");
  if (!fs.existsSync(script)) throw new Error(`wrangler did not write ${script}`);
  return script;
}

async function fetchOpenApi(scriptPath: string): Promise<unknown> {
  const { compatibilityDate, compatibilityFlags } = readWranglerToml();
  const mf = new Miniflare({
    modules: true,
    scriptPath,
    modulesRoot: path.dirname(scriptPath),
    modulesRules: [
      { type: "CompiledWasm", include: ["**/*.wasm"] },
      { type: "Data", include: ["**/*.bin", "**/*.jpg"] },
    ],
    compatibilityDate,
    compatibilityFlags,
    // Valid shapes only: env.ts validates every var before any route runs.
    bindings: {
      ENVIRONMENT: "development",
      DATABASE_URL: "postgres://x:y@127.0.0.1:5/x",
      JWT_ISSUER: "https://api.firstlook.local",
      CORS_ORIGINS: "http://localhost:8081",
      ACCESS_TOKEN_TTL_SECONDS: "900",
      REFRESH_TOKEN_TTL_DAYS: "30",
      ...(await generateLocalSecrets()),
    },
    durableObjects: { USER_ACCOUNT: "UserAccount", GENERATION: { className: "GenerationRoom", useSQLite: true } },
    r2Buckets: ["PHOTOS"],
    queueProducers: { GENERATION_JOBS: "firstlook-generation-jobs" },
    ratelimits: { AUTH_IP_LIMITER: { simple: { limit: 30, period: 60 } }, AUTH_ACCOUNT_LIMITER: { simple: { limit: 10, period: 60 } } },
  });
  try {
    const res = await mf.dispatchFetch("http://localhost/openapi.json");
    const text = await res.text();
    if (!res.ok) throw new Error(`GET /openapi.json answered ${res.status}: ${text.slice(0, 500)}`);
    return JSON.parse(text);
  } finally {
    await mf.dispose();
  }
}

const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "firstlook-openapi-"));
try {
  const started = performance.now();
  const doc = (await fetchOpenApi(bundleWorker(outdir))) as { paths?: Record<string, unknown> };
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, `${JSON.stringify(doc, null, 2)}\n`);
  console.log(`[openapi] ${Object.keys(doc.paths ?? {}).length} paths -> ${path.relative(root, target)} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  if (fs.existsSync(path.join(mobile, "node_modules/.bin/openapi-typescript"))) {
    execFileSync("npm", ["run", "--silent", "api:types"], { cwd: mobile, stdio: "inherit" });
  } else {
    console.log("[openapi] mobile/node_modules missing: run `cd mobile && npm ci && npm run api:types` for the types");
  }
} finally {
  fs.rmSync(outdir, { recursive: true, force: true });
}
