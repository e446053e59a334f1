// Builds the API: cross-cutting middleware, every route group, the OpenAPI document and the
// error mapping. Exported as a type too, so clients get the routes' shapes for free.
import { OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { HTTPException } from "hono/http-exception";
import { secureHeaders } from "hono/secure-headers";
import type { AppEnv } from "./context";
import { renderDocsPage } from "./docs-page";
import { ApiError, problemBody, type FieldError } from "./errors";
import { describeError } from "./log";
import { requestContext } from "./middleware/request-context";
import { auth } from "./routes/auth";
import { health } from "./routes/health";
import { me } from "./routes/me";
import { totp } from "./routes/totp";
import { wellKnown } from "./routes/well-known";
import { billing } from "./routes/billing";
import { stripeWebhook } from "./routes/webhooks-stripe";
import { revenuecatWebhook } from "./routes/webhooks-revenuecat";
import { admin } from "./routes/admin";
import { datingBios } from "./routes/dating-bios";
import { datingMetrics } from "./routes/dating-metrics";
import { datingInsights } from "./routes/dating-insights";
import { datingAnalyses } from "./routes/dating-analyses";
import { events } from "./routes/events";
import { files } from "./routes/files";
import { photoRoutes } from "./routes/photos";
import { headshotStyles } from "./routes/headshots-styles";
import { headshotGenerations } from "./routes/headshots-generations";
import { replicateWebhook } from "./routes/webhooks-replicate";
import { pushTokenRoutes } from "./routes/push-tokens";
import { authLifecycle } from "./routes/auth-lifecycle";
import { authSocial } from "./routes/auth-social";
import { securityEventRoutes } from "./routes/security-events";
import { dev } from "./routes/dev";

export const JSON_BODY_LIMIT = 64 * 1024;

const openApiInfo = {
  openapi: "3.1.0",
  info: {
    title: "Firstlook API",
    version: "1.0.0",
    description: "Dating Profile Optimizer and LinkedIn Headshot Generator: one edge API for both apps.",
  },
};

/** Connection-level failures of the Postgres driver: answered 503 so clients and webhooks retry. */
function isDatabaseUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const message = e instanceof Error ? e.message : typeof e === "object" ? String((e as { message?: unknown }).message ?? "") : "";
    const code = (e as { code?: unknown }).code;
    if (code === "ECONNREFUSED" || code === "57P01" || code === "57P03" || code === "53300") return true;
    if (/connection terminated|websocket|connect(ion)? (refused|timeout|error)|timeout exceeded when trying to connect/i.test(message)) return true;
    if (typeof ErrorEvent !== "undefined" && e instanceof ErrorEvent) return true;
  }
  return false;
}

export function buildApp() {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const errors: FieldError[] = result.error.issues.map((i) => ({
          path: i.path.length ? i.path.join(".") : "(body)",
          message: i.code === "unrecognized_keys" ? `unknown field(s): ${(i as { keys?: string[] }).keys?.join(", ")}` : i.message,
        }));
        throw new ApiError("validation_failed", errors.map((e) => `${e.path}: ${e.message}`).join("; "), { errors });
      }
    },
  });

  app.use("*", requestContext);
  app.use(
    "*",
    secureHeaders({
      contentSecurityPolicy: { defaultSrc: ["'none'"], styleSrc: ["'unsafe-inline'"], frameAncestors: ["'none'"], baseUri: ["'none'"] },
      strictTransportSecurity: "max-age=31536000; includeSubDomains",
      // A header a route sets on purpose wins over these defaults: /v1/files answers with
      // Cross-Origin-Resource-Policy: cross-origin so the web demo (another origin) can show
      // photos; the default same-origin made browsers block every image there.
      overwrite: false,
    }),
  );
  app.use("*", (c, next) =>
    cors({
      origin: (origin) => (c.var.config.CORS_ORIGINS.includes(origin) ? origin : null),
      allowMethods: ["GET", "POST", "PATCH", "PUT", "DELETE", "OPTIONS"],
      allowHeaders: ["Authorization", "Content-Type", "Idempotency-Key", "X-Request-Id"],
      exposeHeaders: ["X-Request-Id", "Retry-After", "ETag"],
      maxAge: 600,
    })(c, next),
  );
  // JSON bodies are small; photo uploads have their own, larger limit (routes/photos.ts).
  const jsonBodyLimit = bodyLimit({
    maxSize: JSON_BODY_LIMIT,
    onError: () => {
      throw new ApiError("payload_too_large", `Bodies are limited to ${JSON_BODY_LIMIT / 1024} KiB here.`);
    },
  });
  app.use("/v1/*", (c, next) => (c.req.method === "POST" && c.req.path === "/v1/photos" ? next() : jsonBodyLimit(c, next)));

  app.route("/", health);
  app.route("/", wellKnown);
  app.route("/", auth);
  app.route("/", me);
  app.route("/", totp);
  app.route("/", authLifecycle);
  app.route("/", authSocial);
  app.route("/", securityEventRoutes);
  app.route("/", dev);
  app.route("/", billing);
  app.route("/", stripeWebhook);
  app.route("/", revenuecatWebhook);
  app.route("/", admin);
  app.route("/", datingBios);
  app.route("/", datingMetrics);
  app.route("/", datingInsights);
  app.route("/", datingAnalyses);
  app.route("/", events);
  app.route("/", files);
  app.route("/", photoRoutes);
  app.route("/", headshotStyles);
  app.route("/", headshotGenerations);
  app.route("/", replicateWebhook);
  app.route("/", pushTokenRoutes);

  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", { type: "http", scheme: "bearer", bearerFormat: "JWT" });
  // The operator's token has its own scheme, so the document does not promise that a signed-in
  // user's JWT opens /v1/admin.
  app.openAPIRegistry.registerComponent("securitySchemes", "adminToken", {
    type: "http",
    scheme: "bearer",
    description: "The operator's ADMIN_TOKEN (a secret), not a user's access token.",
  });
  app.doc31("/openapi.json", openApiInfo);
  app.get("/docs", (c) => c.html(renderDocsPage(app.getOpenAPI31Document(openApiInfo) as unknown as Record<string, unknown>)));

  app.notFound((c) => {
    throw new ApiError("not_found", `No route for ${c.req.method} ${c.req.path}.`);
  });

  app.onError((err, c) => {
    const requestId = c.get("requestId");
    let apiError: ApiError;
    if (err instanceof ApiError) apiError = err;
    else if (err instanceof HTTPException) {
      apiError =
        err.status === 415
          ? new ApiError("unsupported_media_type")
          : err.status === 413
            ? new ApiError("payload_too_large")
            : /malformed json/i.test(err.message)
              ? new ApiError("malformed_json")
              : new ApiError("validation_failed", err.message);
    } else if (isDatabaseUnavailable(err)) {
      c.get("log")?.error("database unavailable", describeError(err));
      apiError = new ApiError("database_unavailable", "Please retry in a moment.", { retryAfter: 5 });
    } else {
      c.get("log")?.error("unhandled error", describeError(err));
      apiError = new ApiError("internal_error", requestId ? `Quote request id ${requestId} if you contact support.` : undefined);
    }
    const headers: Record<string, string> = { "content-type": "application/problem+json" };
    if (apiError.extra?.retryAfter !== undefined) headers["retry-after"] = String(apiError.extra.retryAfter);
    if (apiError.status === 401) headers["www-authenticate"] = 'Bearer realm="firstlook"';
    return c.body(JSON.stringify(problemBody(apiError, requestId, c.req.path)), apiError.status as 400, headers);
  });

  return app;
}
