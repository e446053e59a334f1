// Local Postgres for dev, tests and benchmarks: a throwaway real PostgreSQL cluster when the
// server binaries exist (CI installs them), otherwise embedded PGlite served over TCP.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export interface LocalPostgres {
  kind: "postgresql" | "pglite" | "external";
  url: string;
  host: string;
  port: number;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === "object" && addr ? addr.port : 0));
    });
  });
}

function findPgBin(name: string): string | undefined {
  const onPath = spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).stdout.trim();
  if (onPath) return onPath;
  const base = "/usr/lib/postgresql";
  if (!fs.existsSync(base)) return undefined;
  for (const v of fs.readdirSync(base).sort().reverse()) {
    const p = path.join(base, v, "bin", name);
    if (fs.existsSync(p)) return p;
  }
  return undefined;
}

export function hasPostgresServer(): boolean {
  return Boolean(findPgBin("initdb") && findPgBin("pg_ctl"));
}

const isRoot = process.getuid?.() === 0;
/** Postgres refuses to run as root: run its tools as the `postgres` user then. */
function runPg(bin: string, args: string[]) {
  const cmd = isRoot ? "runuser" : bin;
  const full = isRoot ? ["-u", "postgres", "--", bin, ...args] : args;
  execFileSync(cmd, full, { stdio: ["ignore", "pipe", "pipe"] });
}

/** A fresh cluster in a temp dir: password auth (cheap for the Neon driver), fsync off. */
export async function startPostgresCluster(): Promise<LocalPostgres> {
  const initdb = findPgBin("initdb")!;
  const pgctl = findPgBin("pg_ctl")!;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "firstlook-pg-"));
  const data = path.join(dir, "data");
  const pwfile = path.join(dir, "pw");
  fs.writeFileSync(pwfile, "firstlook\n");
  if (isRoot) execFileSync("chown", ["-R", "postgres", dir]);
  runPg(initdb, ["-D", data, "-U", "firstlook", "--pwfile", pwfile, "--auth-host=password", "--auth-local=trust", "-E", "UTF8", "--no-sync"]);
  const port = await freePort();
  const opts = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300`;
  runPg(pgctl, ["-D", data, "-o", opts, "-l", path.join(dir, "log"), "-w", "start"]);
  const url = `postgres://firstlook:firstlook@127.0.0.1:${port}/postgres`;
  return {
    kind: "postgresql",
    url,
    host: "127.0.0.1",
    port,
    async stop() {
      try {
        runPg(pgctl, ["-D", data, "-m", "immediate", "stop"]);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** Embedded Postgres (WASM) on a TCP port. `dataDir` undefined means in memory. */
export async function startPglite(dataDir?: string, port?: number): Promise<LocalPostgres> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { PGLiteSocketServer } = await import("@electric-sql/pglite-socket");
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir ? { dataDir } : {});
  const listenPort = port ?? (await freePort());
  // PGlite is one backend; the socket server multiplexes. The default of 1 breaks a second client.
  const server = new PGLiteSocketServer({ db, port: listenPort, host: "127.0.0.1", maxConnections: 100 });
  await server.start();
  return {
    kind: "pglite",
    url: `postgres://postgres:postgres@127.0.0.1:${listenPort}/postgres`,
    host: "127.0.0.1",
    port: listenPort,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}

export function external(url: string): LocalPostgres {
  const u = new URL(url);
  return { kind: "external", url, host: u.hostname, port: Number(u.port || 5432), stop: async () => {} };
}
