// Postgres from the Worker: @neondatabase/serverless Pool (Postgres wire protocol over a
// WebSocket) + drizzle. One Pool per request, closed with waitUntil after the response.
import { AsyncLocalStorage } from "node:async_hooks";
import { Pool, neon, neonConfig } from "@neondatabase/serverless";
import { drizzle } from "drizzle-orm/neon-serverless";
import { drizzle as drizzleHttp } from "drizzle-orm/neon-http";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type { Config } from "../env";
import * as schema from "./schema";

export type Database = ReturnType<typeof drizzle<typeof schema>>;
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
export type Queryable = Database | Transaction;
/** One-shot statements over Neon's HTTP endpoint: one round trip each, no connection to set up,
 * no interactive transactions (see README, "Which database path each route uses"). */
export type ReadDatabase = ReturnType<typeof drizzleHttp<typeof schema>>;
/** Anything a single read can run on: the request's Pool, a transaction, or the HTTP path. */
export type Reader = PgDatabase<PgQueryResultHKT, typeof schema>;

let localProxy: string | undefined;

/**
 * Who is talking to Postgres (a request id, or a Durable Object's name). Locally each
 * connection carries it to the proxy, which counts connections, messages and round trips per
 * tag (scripts/lib/ws-proxy.ts): that is how tests and the bench see what a route costs.
 */
export const dbTrace = new AsyncLocalStorage<string>();

/** Locally, Postgres sits behind our WebSocket proxy without TLS; production keeps Neon's defaults. */
function configureDriver(config: Config) {
  if (!config.LOCAL_PG_PROXY || localProxy === config.LOCAL_PG_PROXY) return;
  localProxy = config.LOCAL_PG_PROXY;
  const target = config.LOCAL_PG_PROXY;
  // The Postgres address travels with each connection, so one proxy serves any local database.
  neonConfig.wsProxy = (host, port) => {
    const tag = dbTrace.getStore();
    return `${target}/v1?address=${host}:${port}${tag ? `&tag=${encodeURIComponent(tag)}` : ""}`;
  };
  neonConfig.fetchEndpoint = () => {
    const tag = dbTrace.getStore();
    return `http://${target}/sql${tag ? `?tag=${encodeURIComponent(tag)}` : ""}`;
  };
  neonConfig.useSecureWebSocket = false;
  neonConfig.pipelineTLS = false;
  neonConfig.pipelineConnect = false;
}

export interface DatabaseHandle {
  db: Database;
  close(): Promise<void>;
}

export function openDatabase(config: Config): DatabaseHandle {
  configureDriver(config);
  const pool = new Pool({ connectionString: config.DATABASE_URL, max: 4, connectionTimeoutMillis: 5_000 });
  // An idle client dying (e.g. the database restarting) must not crash the isolate.
  pool.on("error", () => {});
  return { db: drizzle({ client: pool, schema }), close: () => pool.end() };
}

export function openReadDatabase(config: Config): ReadDatabase {
  configureDriver(config);
  return drizzleHttp({ client: neon(config.DATABASE_URL), schema });
}

/** Postgres error code of a failed query (drizzle wraps the driver's error in `cause`). */
export function pgErrorCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  if (pgErrorCode(err) !== "23505") return false;
  if (!constraint) return true;
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { constraint?: string }).constraint === constraint) return true;
  }
  return false;
}
