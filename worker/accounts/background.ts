// Work that runs after the response (ctx.waitUntil): emails, audit entries whose timing must not
// reveal anything (whether an account exists), best-effort notices. It gets its own Pool, because
// the request's Pool is closed as soon as the response is ready.
import type { ServiceContext } from "../context";
import type { Database } from "../db/client";
import { openDatabase } from "../db/client";
import { describeError } from "../log";

export function afterResponse(s: ServiceContext, what: string, task: (db: Database) => Promise<void>): void {
  const { config, log } = s;
  s.waitUntil(
    (async () => {
      const handle = openDatabase(config);
      try {
        await task(handle.db);
      } catch (err) {
        log.error(`${what} failed`, describeError(err));
      } finally {
        await handle.close().catch(() => {});
      }
    })(),
  );
}
