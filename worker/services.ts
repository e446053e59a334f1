// Builds the services' context (context.ts) once per request (middleware/request-context.ts),
// queue batch or cron run (index.ts): one place that decides how the databases are opened
// (on first use) and closed (after the work, if they were opened at all).
import type { ServiceContext } from "./context";
import type { Config, Env } from "./env";
import type { Logger } from "./log";
import { openDatabase, openReadDatabase, type DatabaseHandle, type ReadDatabase } from "./db/client";

export interface OpenedServices {
  services: ServiceContext;
  /** Closes the Pool if it was opened (undefined if it never was); errors are swallowed. */
  close: () => Promise<void> | undefined;
}

export function openServices(env: Env, config: Config, log: Logger, waitUntil: (promise: Promise<unknown>) => void): OpenedServices {
  let handle: DatabaseHandle | undefined;
  let reader: ReadDatabase | undefined;
  const services: ServiceContext = {
    env,
    config,
    log,
    db: () => (handle ??= openDatabase(config)).db,
    read: () => (reader ??= openReadDatabase(config)),
    waitUntil,
  };
  return { services, close: () => handle?.close().catch(() => {}) };
}
