// The Worker's entry: HTTP through the Hono app, queue batches, cron triggers, and the
// Durable Object classes wrangler.toml binds.
import { buildApp } from "./app";
import type { Env } from "./env";
import { loadConfig } from "./env";
import { openDatabase } from "./db/client";
import { createLogger, describeError } from "./log";
import { purgeExpiredSessions } from "./jobs/retention";

const app = buildApp();

export default {
  fetch: app.fetch,

  async queue(batch, env) {
    const log = createLogger({ queue: batch.queue });
    // No job types are defined yet: anything received is retried and ends in the dead-letter
    // queue, where it is logged rather than silently dropped.
    for (const message of batch.messages) {
      if (batch.queue.includes("dlq")) {
        log.error("dead-lettered message", { id: message.id, attempts: message.attempts, body: message.body });
        message.ack();
      } else {
        log.warn("no handler for message", { id: message.id, attempts: message.attempts });
        message.retry({ delaySeconds: 2 ** Math.min(message.attempts, 6) });
      }
    }
    void env;
  },

  async scheduled(controller, env, ctx) {
    const log = createLogger({ cron: controller.cron });
    const config = loadConfig(env);
    const handle = openDatabase(config);
    try {
      const purged = await purgeExpiredSessions(handle.db);
      log.info("retention run", purged);
    } catch (err) {
      log.error("retention failed", describeError(err));
      throw err;
    } finally {
      ctx.waitUntil(handle.close());
    }
  },
} satisfies ExportedHandler<Env>;

export { UserAccount } from "../durable-objects/user-account";
export { GenerationRoom } from "../durable-objects/generation-room";
