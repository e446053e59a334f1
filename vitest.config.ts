import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

// Integration tests run inside workerd against the real local bindings (R2, Queues, Durable
// Objects, rate limiters) and a real Postgres reached through the Neon driver.
export default defineConfig({
  plugins: [
    cloudflareTest(async ({ inject }) => ({
      main: "./worker/index.ts",
      wrangler: { configPath: "./wrangler.toml" },
      miniflare: {
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
          REPLICATE_API_TOKEN: "r8_test_firstlook_standin",
          REPLICATE_WEBHOOK_SECRET: "whsec_dGVzdC1yZXBsaWNhdGUtd2ViaG9vay1zZWNyZXQ=",
          REPLICATE_API_BASE: inject("replicateApi"),
        },
      },
    })),
  ],
  test: {
    globalSetup: ["./test/global-setup.ts"],
    include: ["test/**/*.test.ts", "worker/**/*.test.ts"],
    testTimeout: 30_000,
    // Access-log lines would drown the report; warnings and errors still show.
    onConsoleLog: (log) => !log.startsWith('{"level":"info"'),
    hookTimeout: 60_000,
  },
});
