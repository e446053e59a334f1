// Runs once in Node before the suite: a database (a throwaway real PostgreSQL cluster when the
// server binaries exist, DATABASE_URL when given, otherwise embedded PGlite), the WebSocket
// proxy the Neon driver needs locally, migrations, and fresh secrets. Values reach the Worker
// under test through `provide` -> `inject` -> miniflare bindings.
import type { TestProject } from "vitest/node";
import { buildVisionWorker } from "./vision-build.ts";
import { external, hasPostgresServer, startPglite, startPostgresCluster, type LocalPostgres } from "../scripts/lib/postgres";
import { runMigrations, useLocalProxy } from "../scripts/lib/migrate";
import { startWsProxy } from "../scripts/lib/ws-proxy";
import { generateLocalSecrets, type LocalSecrets } from "../scripts/lib/secrets";
import { startStripeStandIn } from "./stand-ins/stripe-api";
import { startOpenAiStandIn } from "./stand-ins/openai";
import { startMixpanelStandIn } from "./stand-ins/mixpanel";
import { startReplicateStandIn } from "./stand-ins/replicate-api";
import { startExpoPushStandIn } from "./stand-ins/expo-push";
import { startSendGridStandIn } from "./stand-ins/sendgrid";
import { startAppleJwksStandIn } from "./stand-ins/apple-jwks";
import { startModelFileServer } from "./model-files";
import { appUploads, type AppUpload } from "./fixtures/app-upload";

/** Fixed test credentials for the stand-in providers (never real keys). */
export const TEST_STRIPE_SECRET_KEY = "sk_test_firstlook_standin";
export const TEST_OPENAI_API_KEY = "sk-test-standin";
export const TEST_MIXPANEL_TOKEN = "mp-test-standin-token";
export const TEST_REPLICATE_TOKEN = "r8_test_firstlook_standin";
export const TEST_SENDGRID_API_KEY = "SG.test-firstlook-standin";
export const TEST_REPLICATE_WEBHOOK_SECRET = "whsec_dGVzdC1yZXBsaWNhdGUtd2ViaG9vay1zZWNyZXQ=";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    databaseKind: string;
    pgProxy: string;
    secrets: LocalSecrets;
    stripeApi: string;
    /** OpenAI-compatible base URL (ends in /v1). */
    openaiApi: string;
    mixpanelApi: string;
    replicateApi: string;
    expoPushApi: string;
    sendgridApi: string;
    appleJwksUrl: string;
    googleJwksUrl: string;
    /** Loopback server of the vendored model files by manifest key (test/model-files.ts). */
    modelFilesUrl: string;
    /** Photos re-encoded as the apps upload them (base64; test/fixtures/app-upload.ts). */
    appUploads: Record<AppUpload, string>;
  }
}

export default async function setup(project: TestProject) {
  // The vision Worker runs beside the API as an auxiliary worker (vitest.config.ts), which the
  // pool needs as a pre-built bundle: the same `wrangler deploy --dry-run` bundle that deploys.
  await buildVisionWorker();
  let pg: LocalPostgres;
  if (process.env.TEST_DATABASE_URL) pg = external(process.env.TEST_DATABASE_URL);
  else if (process.env.TEST_DB !== "pglite" && hasPostgresServer()) pg = await startPostgresCluster();
  else pg = await startPglite();
  const proxy = await startWsProxy({ host: pg.host, port: pg.port });
  useLocalProxy(proxy.port);
  await runMigrations(pg.url);
  console.log(`[test] database: ${pg.kind} on port ${pg.port}, ws proxy on ${proxy.port}`);

  project.provide("databaseUrl", pg.url);
  project.provide("databaseKind", pg.kind);
  project.provide("pgProxy", `127.0.0.1:${proxy.port}`);
  project.provide("secrets", await generateLocalSecrets());
  const stripe = await startStripeStandIn(TEST_STRIPE_SECRET_KEY);
  project.provide("stripeApi", stripe.url);
  const openai = await startOpenAiStandIn(TEST_OPENAI_API_KEY);
  project.provide("openaiApi", `${openai.url}/v1`);
  const mixpanel = await startMixpanelStandIn(TEST_MIXPANEL_TOKEN);
  project.provide("mixpanelApi", mixpanel.url);
  const replicate = await startReplicateStandIn(TEST_REPLICATE_TOKEN, TEST_REPLICATE_WEBHOOK_SECRET);
  project.provide("replicateApi", replicate.url);
  const expoPush = await startExpoPushStandIn("expo-test-access-token");
  project.provide("expoPushApi", expoPush.url);
  const sendgrid = await startSendGridStandIn(TEST_SENDGRID_API_KEY);
  project.provide("sendgridApi", sendgrid.url);
  const identityKeys = await startAppleJwksStandIn();
  project.provide("appleJwksUrl", identityKeys.appleJwksUrl);
  project.provide("googleJwksUrl", identityKeys.googleJwksUrl);
  const modelFiles = await startModelFileServer();
  project.provide("modelFilesUrl", modelFiles.url);
  project.provide("appUploads", await appUploads());

  return async () => {
    await stripe.close();
    await openai.close();
    await mixpanel.close();
    await replicate.close();
    await expoPush.close();
    await sendgrid.close();
    await identityKeys.close();
    await modelFiles.close();
    await proxy.close();
    await pg.stop();
  };
}
