// What every request carries through Hono: bindings, validated config, request id, logger,
// the lazily opened database, and (behind requireAuth) the caller.
import type { Config, Env } from "./env";
import type { Logger } from "./log";
import type { Database, ReadDatabase } from "./db/client";
import type { AccessClaims } from "./security/tokens";

export interface AppEnv {
  Bindings: Env;
  Variables: {
    requestId: string;
    config: Config;
    log: Logger;
    /** Opens the request's Pool on first use; closed after the response via waitUntil. */
    db: () => Database;
    /** One-shot reads over Neon's HTTP path (one round trip, no connection setup). */
    read: () => ReadDatabase;
    auth: AccessClaims;
  };
}
