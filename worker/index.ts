// The Worker's entry: HTTP through the Hono app, queue batches (headshot jobs and their
// dead letters), cron triggers (retention daily, the generation reconciler every 5 minutes),
// and the Durable Object classes wrangler.toml binds. Each one points the model loader at the
// MODELS bucket first (the imaging models read their weights from it).
import { buildApp } from "./app";
import type { Env } from "./env";
import { loadConfig } from "./env";
import { openServices } from "./services";
import { createLogger, describeError } from "./log";
import { runRetention } from "./jobs/retention";
import { fail, generationJobSchema, reconcileGenerations, runRenderJob } from "./headshots/generations";
import { r2ModelSource, setModelSource } from "./imaging/models";

const app = buildApp();

/** Give up on a job after this many deliveries (wrangler.toml max_retries is the hard stop). */
const MAX_ATTEMPTS = 5;
const RETENTION_CRON = "17 3 * * *";

export default {
  fetch(request: Request, env: Env, ctx: ExecutionContext) {
    setModelSource(r2ModelSource(env.MODELS));
    return app.fetch(request, env, ctx);
  },

  async queue(batch, env, ctx) {
    setModelSource(r2ModelSource(env.MODELS));
    const log = createLogger({ queue: batch.queue });
    const config = loadConfig(env);
    const deadLetters = batch.queue === config.GENERATION_DEAD_LETTER_QUEUE;
    if (!deadLetters && batch.queue !== config.GENERATION_JOBS_QUEUE) {
      // wrangler.toml and the queue vars disagree: keep the messages (retried, then dead-lettered)
      // rather than run them as the wrong kind.
      log.error("batch from an unknown queue", { expected: [config.GENERATION_JOBS_QUEUE, config.GENERATION_DEAD_LETTER_QUEUE] });
      batch.retryAll();
      return;
    }
    const { services: deps, close } = openServices(env, config, log, (p) => ctx.waitUntil(p));
    // The batch's jobs run side by side: each is mostly waiting on the provider and Postgres.
    const handleMessage = async (message: Message) => {
      const parsed = generationJobSchema.safeParse(message.body);
      if (!parsed.success) {
        // No retry can make it valid: say what it was and drop it, instead of retrying it forever.
        log.error("malformed generation job dropped", {
          messageId: message.id,
          body: JSON.stringify(message.body)?.slice(0, 500),
          issues: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`),
        });
        message.ack();
        return;
      }
      const job = parsed.data;
      try {
        if (deadLetters) {
          // Every retry failed: tell the user, and give the credits back.
          log.error("generation job dead-lettered", { generationId: job.generationId, attempts: message.attempts });
          await fail(deps, job.generationId, "retries_exhausted");
        } else {
          await runRenderJob(deps, job);
        }
        message.ack();
      } catch (err) {
        log.warn("generation job failed", { generationId: job.generationId, attempts: message.attempts, ...describeError(err) });
        if (!deadLetters && message.attempts >= MAX_ATTEMPTS) {
          await fail(deps, job.generationId, "retries_exhausted");
          message.ack();
        } else {
          message.retry({ delaySeconds: Math.min(2 ** message.attempts, 300) });
        }
      }
    };
    try {
      await Promise.all(batch.messages.map(handleMessage));
    } finally {
      const closing = close();
      if (closing) ctx.waitUntil(closing);
    }
  },

  async scheduled(controller, env, ctx) {
    setModelSource(r2ModelSource(env.MODELS));
    const log = createLogger({ cron: controller.cron });
    const config = loadConfig(env);
    const { services, close } = openServices(env, config, log, (p) => ctx.waitUntil(p));
    try {
      if (controller.cron === RETENTION_CRON) {
        log.info("retention run", await runRetention(services.db(), env));
      } else {
        log.info("generation reconciler run", await reconcileGenerations(services));
      }
    } catch (err) {
      log.error("scheduled job failed", describeError(err));
      throw err;
    } finally {
      const closing = close();
      if (closing) ctx.waitUntil(closing);
    }
  },
} satisfies ExportedHandler<Env>;

export { UserAccount } from "../durable-objects/user-account";
export { GenerationRoom } from "../durable-objects/generation-room";
