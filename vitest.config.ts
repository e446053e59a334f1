import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { VISION_SCRIPT } from "./test/vision-build.ts";

// Integration tests run inside workerd against the real local bindings (R2, Queues, Durable
// Objects, rate limiters) and a real Postgres reached through the Neon driver. The vision Worker
// (wrangler.vision.toml) and the scene Worker (wrangler.scene.toml, the same bundle) run beside it
// as auxiliary workers, reached through the VISION and SCENE service bindings that wrangler.toml
// declares, as in production; test/global-setup.ts builds their bundle.
/**
 * The vision and scene Workers: one bundle (wrangler.vision.toml and wrangler.scene.toml both name
 * worker/vision/index.ts), run under each Worker's name so each has its own isolate, as deployed.
 */
const modelWorker = (name: "firstlook-vision" | "firstlook-scene") => ({
  name,
  modules: true,
  scriptPath: VISION_SCRIPT,
  // What the two wrangler configs say; the bundle imports the tfjs .wasm as a module.
  compatibilityDate: "2026-04-20",
  compatibilityFlags: ["nodejs_compat"],
  modulesRules: [
    { type: "CompiledWasm" as const, include: ["**/*.wasm"] },
    { type: "Data" as const, include: ["**/*.bin", "**/*.jpg"] },
  ],
  // The bucket name the API binds too: miniflare keeps one store per bucket name, so
  // test/setup-models.ts seeding the API's MODELS seeds this one.
  r2Buckets: { MODELS: "firstlook-models" },
});

export default defineConfig({
  plugins: [
    cloudflareTest(async ({ inject }) => ({
      main: "./worker/index.ts",
      wrangler: { configPath: "./wrangler.toml" },
      miniflare: {
        workers: [modelWorker("firstlook-vision"), modelWorker("firstlook-scene")],
        bindings: {
          ENVIRONMENT: "test",
          DATABASE_URL: inject("databaseUrl"),
          LOCAL_PG_PROXY: inject("pgProxy"),
          DATABASE_KIND: inject("databaseKind"),
          ...inject("secrets"),
          REVENUECAT_WEBHOOK_AUTH: "test-revenuecat-webhook-auth-value",
          STRIPE_SECRET_KEY: "sk_test_firstlook_standin",
          STRIPE_WEBHOOK_SECRET: "whsec_test_firstlook_standin",
          STRIPE_API_BASE: inject("stripeApi"),
          ADMIN_TOKEN: "test-admin-token-0123456789abcdef",
          RESERVATION_TTL_SECONDS: "60",
          // "calibration" or "bench": turns on the imaging report tests (scripts/calibrate-imaging.ts, bench/imaging.ts).
          IMAGING_REPORT: process.env.IMAGING_REPORT ?? "",
          // Chip geometries to compare in the likeness report (scripts/calibrate-likeness.ts).
          LIKENESS_GEOMETRIES: process.env.LIKENESS_GEOMETRIES ?? "",
          // Face widths of its face-size sweep (JSON array of working-image pixels; 0 = full size).
          LIKENESS_FACE_SIZES: process.env.LIKENESS_FACE_SIZES ?? "",
          // Bios (and photo analysis) go to the OpenAI stand-in through the real SDK; tests of the
          // local composer override OPENAI_API_KEY to undefined.
          OPENAI_API_KEY: "sk-test-standin",
          OPENAI_BASE_URL: inject("openaiApi"),
          OPENAI_TIMEOUT_MS: "5000",
          MIXPANEL_TOKEN: "mp-test-standin-token",
          MIXPANEL_API_BASE: inject("mixpanelApi"),
          REPLICATE_API_TOKEN: "r8_test_firstlook_standin",
          REPLICATE_WEBHOOK_SECRET: "whsec_dGVzdC1yZXBsaWNhdGUtd2ViaG9vay1zZWNyZXQ=",
          REPLICATE_API_BASE: inject("replicateApi"),
          // Pushes stay off in the default test env (as in production without a token); the
          // push test turns them on with an env override pointing here.
          EXPO_PUSH_API_BASE: inject("expoPushApi"),
          // Account email goes to the dev mailbox (no SENDGRID_API_KEY); the SendGrid test sets
          // the key with an env override and reaches the stand-in here.
          SENDGRID_API_BASE: inject("sendgridApi"),
          APP_URL: "http://app.test",
          // Other suites buy without verifying an email; test/lifecycle.test.ts turns it on.
          REQUIRE_VERIFIED_EMAIL_FOR_PURCHASE: "false",
          // Sign in with Apple / Google against locally generated keys (test/stand-ins/apple-jwks.ts).
          APPLE_CLIENT_IDS: "app.firstlook.dating,app.firstlook.headshots,app.firstlook.web",
          APPLE_JWKS_URL: inject("appleJwksUrl"),
          GOOGLE_CLIENT_IDS: "firstlook-ios.apps.googleusercontent.com,firstlook-web.apps.googleusercontent.com",
          GOOGLE_JWKS_URL: inject("googleJwksUrl"),
        },
      },
    })),
  ],
  // The tests' typed client (test/helpers.ts `api`) is the mobile app's openapi-fetch.
  resolve: { alias: { "openapi-fetch": fileURLToPath(new URL("./mobile/node_modules/openapi-fetch/dist/index.mjs", import.meta.url)) } },
  test: {
    globalSetup: ["./test/global-setup.ts"],
    // Seeds the MODELS bucket from worker/imaging/models/ (the model loader reads it).
    setupFiles: ["./test/setup-models.ts"],
    // The imaging benchmark (bench/) runs inside the pool too, but only for `npm run bench`.
    include: ["test/**/*.test.ts", "worker/**/*.test.ts", ...(process.env.IMAGING_REPORT === "bench" ? ["bench/**/*.test.ts"] : [])],
    testTimeout: 30_000,
    // Access-log lines would drown the report; warnings and errors still show.
    onConsoleLog: (log) => !log.startsWith('{"level":"info"'),
    hookTimeout: 60_000,
  },
});
