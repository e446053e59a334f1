// Builds the generation pipeline's dependencies for a request, a queue batch or a cron run.
import type { Config, Env } from "../env";
import type { Database } from "../db/client";
import type { Logger } from "../log";
import type { Deps } from "./generations";
import { localPreviewRenderer } from "../providers/renderer/local-preview";

export function generationDeps(env: Env, config: Config, db: Database, log: Logger): Deps {
  return { env, config, db, log, localRenderer: () => localPreviewRenderer(env) };
}
