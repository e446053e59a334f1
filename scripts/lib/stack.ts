// The local stack shared by `npm run dev`, `npm run bench` and the e2e run: a database, the
// WebSocket proxy the Neon driver needs in front of a plain Postgres, migrations, the model
// files in the local MODELS bucket, then `wrangler dev` with the
// connection details passed as --var, ready once GET /health answers 200.
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, type LocalPostgres } from "./postgres.ts";
import { runMigrations, useLocalProxy } from "./migrate.ts";
import { startWsProxy, type WsProxy } from "./ws-proxy.ts";
import { Services, spawnService, type ChildService } from "./processes.ts";
import { seedLocalModels } from "./models.ts";
import { renderStylePreviews } from "./style-previews.ts";

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface StackOptions {
  /** Starts the database (or wraps an external one); called once. */
  database: () => Promise<LocalPostgres>;
  port: number;
  /** wrangler's --persist-to: Durable Object, R2 and cache state. */
  persistTo: string;
  /** A dotenv file with the secrets. Without it wrangler reads the project's .dev.vars. */
  envFile?: string;
  /** Extra Worker vars (--var), e.g. CORS_ORIGINS and APP_URL for a web demo on other ports than
   * wrangler.toml's. PUBLIC_API_URL defaults to the stack's own URL. */
  vars?: Record<string, string>;
  /** Capture wrangler's output (shown only if it fails) instead of printing it. */
  quiet?: boolean;
  log: (message: string) => void;
  /** Aborting stops whatever was already started and rejects. */
  signal?: AbortSignal;
  /** One-way delay the local proxy adds to every database message (DB_LATENCY_MS by default). */
  dbLatencyMs?: number;
}

/** `DB_LATENCY_MS`: simulated distance to the database, each way, in milliseconds. */
export function dbLatencyFromEnv(): number {
  const raw = process.env.DB_LATENCY_MS;
  if (raw === undefined || raw === "") return 0;
  const ms = Number(raw);
  if (!Number.isFinite(ms) || ms < 0 || ms > 10_000) throw new Error(`DB_LATENCY_MS must be a number of milliseconds (0-10000), got ${raw}`);
  return ms;
}

export interface Stack {
  url: string;
  database: LocalPostgres;
  /** The local WebSocket proxy (counters, simulated latency); absent for a remote database. */
  proxy?: WsProxy;
  wrangler: ChildService;
  /** Add further services (e.g. a web demo server): they are stopped before the API. */
  services: Services;
  stop(): Promise<void>;
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

/** Fails fast with a clear message instead of wrangler's later, noisier EADDRINUSE. */
export function assertPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", () => reject(new Error(`port ${port} on 127.0.0.1 is already in use (set PORT to use another one)`)));
    srv.listen(port, "127.0.0.1", () => srv.close(() => resolve()));
  });
}

async function timed<T>(log: (m: string) => void, label: string, work: () => Promise<T>, detail?: (r: T) => string): Promise<T> {
  const started = performance.now();
  const result = await work();
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  log(`${label}${detail ? `: ${detail(result)}` : ""} (${seconds} s)`);
  return result;
}

export async function startStack(opts: StackOptions): Promise<Stack> {
  const { log, signal } = opts;
  const services = new Services(log);
  try {
    await assertPortFree(opts.port);
    const db = await timed(log, "database", opts.database, (d) => `${d.kind} on ${d.host}:${d.port}`);
    services.add({ name: `database (${db.kind})`, stop: () => db.stop() });
    signal?.throwIfAborted();

    // Only a Postgres on this machine needs our proxy; a remote URL (Neon) is reached directly.
    const wranglerVars = [`ENVIRONMENT:development`, `DATABASE_URL:${db.url}`];
    let proxy: WsProxy | undefined;
    if (LOOPBACK.has(new URL(db.url).hostname)) {
      const latencyMs = opts.dbLatencyMs ?? dbLatencyFromEnv();
      const p = (proxy = await startWsProxy({ host: db.host, port: db.port }));
      services.add({ name: "ws proxy", stop: () => p.close() });
      useLocalProxy(p.port);
      wranglerVars.push(`LOCAL_PG_PROXY:127.0.0.1:${p.port}`);
      log(`ws proxy: 127.0.0.1:${p.port} -> ${db.host}:${db.port}${latencyMs ? ` (+${latencyMs} ms each way after migrations)` : ""}`);
      // Migrations run at full speed; the simulated distance applies to the Worker.
      await timed(log, "migrations applied", () => runMigrations(db.url));
      p.setLatency(latencyMs);
    } else {
      await timed(log, "migrations applied", () => runMigrations(db.url));
    }
    signal?.throwIfAborted();

    // The model loader reads weights from the local MODELS bucket, as it reads R2 in production.
    await timed(
      log,
      "models in the local MODELS bucket",
      () => seedLocalModels(opts.persistTo),
      (n) => (n ? `${n} files written` : "up to date"),
    );
    signal?.throwIfAborted();

    const url = `http://127.0.0.1:${opts.port}`;
    // Signed links (photos, thumbnails, headshots) point at the port this API really runs on,
    // not wrangler.toml's default.
    for (const [name, value] of Object.entries({ PUBLIC_API_URL: url, ...opts.vars })) wranglerVars.push(`${name}:${value}`);
    const wrangler = services.add(startWrangler(opts, await freePort(), wranglerVars));
    await timed(log, `wrangler dev on ${url}`, () => waitUntilHealthy(url, wrangler, signal));
    // Seed-time work that needs the Worker: the style pickers' preview images (stored in R2, so
    // a kept --persist-to renders them once).
    await timed(
      log,
      "style previews",
      () => renderStylePreviews(url),
      (n) => `${n} ready`,
    );
    return { url, database: db, proxy, wrangler, services, stop: () => services.stopAll() };
  } catch (err) {
    await services.stopAll();
    throw err;
  }
}

function startWrangler(opts: StackOptions, inspectorPort: number, vars: string[]): ChildService {
  const args = [
    "dev",
    // The three Workers in one wrangler dev: the API (primary, serves the port) and the vision and
    // scene Workers its VISION and SCENE service bindings call (one local runtime, one
    // --persist-to, one MODELS store).
    "-c",
    path.join(projectRoot, "wrangler.toml"),
    "-c",
    path.join(projectRoot, "wrangler.vision.toml"),
    "-c",
    path.join(projectRoot, "wrangler.scene.toml"),
    "--ip",
    "127.0.0.1",
    "--port",
    String(opts.port),
    // Always explicit: the default 9229 is often taken by another Node process.
    "--inspector-port",
    String(inspectorPort),
    "--persist-to",
    opts.persistTo,
    "--show-interactive-dev-session=false",
    // wrangler splits --var on the first colon only, so URLs and host:port values survive.
    ...vars.flatMap((v) => ["--var", v]),
    ...(opts.envFile ? ["--env-file", opts.envFile] : []),
  ];
  return spawnService("wrangler", path.join(projectRoot, "node_modules/.bin/wrangler"), args, {
    quiet: opts.quiet,
    // Offline-friendly: no telemetry, no request to Cloudflare for the `cf` object.
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" },
  });
}

async function waitUntilHealthy(url: string, wrangler: ChildService, signal?: AbortSignal, timeoutMs = 120_000) {
  let exited: unknown;
  void wrangler.exited.then((code) => (exited = code ?? "no code"));
  const deadline = Date.now() + timeoutMs;
  let last = "no answer yet";
  while (Date.now() < deadline) {
    signal?.throwIfAborted();
    if (exited !== undefined) throw new Error(`wrangler exited (${exited}) before it was ready:\n${wrangler.tail()}`);
    try {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(5_000) });
      if (res.status === 200) return;
      last = `${res.status} ${await res.text()}`;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`GET ${url}/health did not answer 200 within ${timeoutMs / 1000} s (last: ${last})\n${wrangler.tail()}`);
}
