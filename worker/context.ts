// What every request carries through Hono: bindings, validated config, request id, logger,
// the lazily opened database, the services' context, and (on routes declared `auth: "user"` or `"adult"`) the caller.
import type { Config, Env } from "./env";
import type { Logger } from "./log";
import type { Database, ReadDatabase } from "./db/client";
import type { AccessClaims } from "./security/tokens";

/**
 * What the application services (accounts/, billing/, dating/, headshots/, photos/) are handed,
 * whoever calls them: built once per request by the request middleware (`c.var.services`) and
 * once per queue batch or cron run. The caller (a user id) is passed on its own: it is not known
 * to every caller, and a service must not find it in ambient state.
 */
export interface ServiceContext {
  env: Env;
  config: Config;
  log: Logger;
  /** The Pool over a WebSocket, opened on first use and closed by whoever built the context. */
  db: () => Database;
  /** One-shot reads over Neon's HTTP path. */
  read: () => ReadDatabase;
  /** Work that may outlive the response or the batch (analytics forwarding, a cache write-back). */
  waitUntil: (promise: Promise<unknown>) => void;
}

export interface AppEnv {
  Bindings: Env;
  Variables: {
    requestId: string;
    config: Config;
    log: Logger;
    /**
     * The bindings, config, logger and databases as the services take them. Routes reach the
     * database only through it (`services.db()` for the Pool, opened on first use and closed
     * after the response; `services.read()` for one-shot reads over Neon's HTTP path).
     */
    services: ServiceContext;
    auth: AccessClaims;
  };
}
