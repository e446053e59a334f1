// First middleware of every request: request id, validated config, logger, lazy database,
// the services' context built from them, and one access-log line when the response is ready.
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../context";
import { ConfigError, loadConfig } from "../env";
import { ApiError, problemResponse } from "../errors";
import { createLogger } from "../log";
import { dbTrace } from "../db/client";
import { openServices } from "../services";

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

export const requestContext = createMiddleware<AppEnv>(async (c, next) => {
  const started = Date.now();
  const incoming = c.req.header("x-request-id");
  const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
  const log = createLogger({ requestId });
  c.set("requestId", requestId);
  c.set("log", log);

  let config;
  try {
    config = loadConfig(c.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    log.error("invalid configuration", { problems: err.problems });
    // Names of the bad settings (never their values) so an operator can fix them.
    return problemResponse(new ApiError("misconfigured", err.problems.join("; ")), requestId);
  }
  c.set("config", config);

  const { services, close } = openServices(c.env, config, log, (p) => c.executionCtx.waitUntil(p));
  c.set("services", services);
  try {
    // Every database connection this request opens (after-response work too) is named after it.
    await dbTrace.run(requestId, next);
  } finally {
    const closing = close();
    if (closing) c.executionCtx.waitUntil(closing);
  }
  c.header("x-request-id", requestId);
  log.info("request", { method: c.req.method, path: c.req.path, status: c.res.status, durationMs: Date.now() - started });
});
