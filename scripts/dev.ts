// `npm run dev`: the whole API locally with one command and nothing to install beyond npm.
//   database  DATABASE_URL if set; DEV_DB=postgres for a throwaway real PostgreSQL cluster;
//             otherwise embedded PGlite persisted in .data/pglite (PG_PORT to pin its port)
//   API       wrangler dev on 127.0.0.1:$PORT (default 8787), state in .data/wrangler (in a
//             temp dir with DEV_DB=postgres, since it refers to rows that will be gone)
// Secrets live in .dev.vars, generated on the first run and kept so sessions survive restarts
// (secrets the Worker gains later are appended).
// Ctrl-C stops everything in reverse order; PGlite is closed cleanly so its data stays intact.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { external, hasPostgresServer, startPglite, startPostgresCluster, type LocalPostgres } from "./lib/postgres.ts";
import { generateLocalSecrets } from "./lib/secrets.ts";
import { startWebDemo } from "./lib/web-demo.ts";
import { onShutdownSignal } from "./lib/processes.ts";
import { addMissingEnv, writeEnvFile } from "./lib/env-file.ts";
import { projectRoot, startStack, type Stack } from "./lib/stack.ts";
import { DEFAULT_WEB_PORT, webDemoOrigin } from "./lib/web-origin.ts";

const startedAt = performance.now();
const log = (message: string) => console.log(`[dev] ${message}`);
const dataDir = path.join(projectRoot, ".data");
const port = Number(process.env.PORT ?? 8787);
const webPort = Number(process.env.WEB_PORT ?? DEFAULT_WEB_PORT);

interface DevDatabase {
  start(): Promise<LocalPostgres>;
  description: string;
  /** Its data is deleted on exit. */
  throwaway?: boolean;
}

function chooseDatabase(): DevDatabase {
  const url = process.env.DATABASE_URL;
  if (url) {
    const shown = new URL(url);
    if (shown.password) shown.password = "***";
    return { start: async () => external(url), description: `external, ${shown}` };
  }
  const kind = process.env.DEV_DB ?? "pglite";
  if (kind === "pglite") return { start: startPersistentPglite, description: "PGlite (embedded), data in .data/pglite" };
  if (kind === "postgres") {
    if (!hasPostgresServer()) throw new Error("DEV_DB=postgres needs the PostgreSQL server binaries (apt-get install postgresql)");
    return { start: startPostgresCluster, description: "PostgreSQL, throwaway cluster (its data is deleted on exit)", throwaway: true };
  }
  throw new Error(`DEV_DB must be "pglite" or "postgres", not "${kind}"`);
}

/** PGlite allows one process per data dir; a second `npm run dev` would corrupt it, so lock. */
async function startPersistentPglite(): Promise<LocalPostgres> {
  const dir = path.join(dataDir, "pglite");
  const lockFile = path.join(dataDir, "pglite.lock");
  fs.mkdirSync(dataDir, { recursive: true });
  const holder = fs.existsSync(lockFile) ? Number(fs.readFileSync(lockFile, "utf8")) : undefined;
  if (holder && holder !== process.pid && isRunning(holder)) {
    throw new Error(`.data/pglite is in use by process ${holder} (another npm run dev?)`);
  }
  fs.writeFileSync(lockFile, String(process.pid));
  const release = () => fs.rmSync(lockFile, { force: true });
  try {
    const db = await startPglite(dir, process.env.PG_PORT ? Number(process.env.PG_PORT) : undefined);
    return { ...db, stop: () => db.stop().finally(release) };
  } catch (err) {
    release();
    throw err;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Generated once and kept, so tokens and encrypted fields survive restarts. A secret added to
 * the Worker later is appended to an existing file, without touching the ones already there. */
async function ensureDevVars() {
  const file = path.join(projectRoot, ".dev.vars");
  const fresh = { ...(await generateLocalSecrets()) };
  if (!fs.existsSync(file)) {
    writeEnvFile(file, fresh, [
      "Local secrets written by `npm run dev` (see .dev.vars.example). Kept across runs so tokens",
      "and encrypted fields stay valid; delete this file to start over with new keys.",
      "DATABASE_URL and LOCAL_PG_PROXY are passed by `npm run dev` itself.",
    ]);
    return log("secrets: generated .dev.vars");
  }
  const added = addMissingEnv(file, fresh);
  log(added.length ? `secrets: added ${added.join(", ")} to .dev.vars` : "secrets: using .dev.vars");
}

function printBanner(stack: Stack, database: DevDatabase) {
  const rows: [string, string][] = [
    ["API", stack.url],
    ["Docs", `${stack.url}/docs`],
    ["OpenAPI", `${stack.url}/openapi.json`],
    ["Database", stack.database.kind === "external" ? database.description : `${database.description}, port ${stack.database.port}`],
  ];
  for (const [variant, url] of webDemo) rows.push([`Web demo (${variant})`, url]);
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
  console.log(`\n  Firstlook API ready in ${seconds} s\n`);
  for (const [label, value] of rows) console.log(`  ${label.padEnd(24)} ${value}`);
  console.log("\n  Press Ctrl-C to stop.\n");
}

const abort = new AbortController();
let starting: Promise<Stack> | undefined;
let exiting = false;
let webDemo: readonly (readonly [string, string])[] = [];
let throwawayState: string | undefined;

function removeThrowawayState() {
  if (throwawayState) fs.rmSync(throwawayState, { recursive: true, force: true });
}

async function shutdown(code: number) {
  if (exiting) return;
  exiting = true;
  log("stopping...");
  abort.abort();
  // Wait for a start in progress (e.g. PGlite's first initdb) so it is closed, not cut off.
  const stack = await starting?.catch(() => undefined);
  await stack?.stop();
  removeThrowawayState();
  log("stopped");
  process.exit(code);
}

onShutdownSignal(() => void shutdown(0));

/**
 * The web demo's two origins (WEB_PORT and the next port) are allowed by CORS, and emailed links
 * open the dating demo, whatever WEB_PORT is: wrangler.toml lists the default ports only.
 */
function webDemoVars(webPort: number): Record<string, string> {
  const toml = fs.readFileSync(path.join(projectRoot, "wrangler.toml"), "utf8");
  const listed = /^CORS_ORIGINS\s*=\s*"([^"]*)"/m.exec(toml.split(/^\[env\./m)[0] ?? "")?.[1]?.split(",") ?? [];
  const demo = [webPort, webPort + 1].flatMap((p) => [webDemoOrigin(p), `http://localhost:${p}`]);
  // The origin the banner prints (web-origin.ts): emailed links must open the site holding the session.
  return { CORS_ORIGINS: [...new Set([...listed, ...demo])].join(","), APP_URL: webDemoOrigin(webPort), CHECKOUT_RETURN_URL: `${webDemoOrigin(webPort)}/credits` };
}

try {
  const database = chooseDatabase();
  await ensureDevVars();
  // Durable Object and R2 state refers to database rows: it is thrown away with a throwaway database.
  if (database.throwaway) throwawayState = fs.mkdtempSync(path.join(os.tmpdir(), "firstlook-dev-state-"));
  starting = startStack({
    database: () => database.start(),
    port,
    vars: webDemoVars(webPort),
    persistTo: throwawayState ?? path.join(dataDir, "wrangler"),
    log,
    signal: abort.signal,
  });
  const stack = await starting;
  // The web demo is a convenience: if it cannot start, the API still runs and says why.
  try {
    const demo = await startWebDemo(stack.url, webPort, log, "if-missing", abort.signal);
    stack.services.add({ name: "web demo", stop: demo.stop });
    webDemo = demo.urls;
  } catch (err) {
    log(`web demo not started: ${err instanceof Error ? err.message : String(err)}`);
  }
  printBanner(stack, database);
  void stack.services.crashed.then((message) => {
    console.error(`[dev] ${message}`);
    void shutdown(1);
  });
} catch (err) {
  if (!abort.signal.aborted) {
    removeThrowawayState();
    console.error(`[dev] failed to start: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
