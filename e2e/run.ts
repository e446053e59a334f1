// `npm run test:e2e`: both web apps in real headless Chromium against the real local stack.
// Builds the web export when it is missing or stale (mobile/dist, about a minute per app), starts
// the stack `npm run dev` runs (a throwaway PostgreSQL cluster when the server binaries exist,
// else PGlite in memory; wrangler dev with the local providers: no mocks, no keys) on free
// ports with throwaway state, serves both exports with the API's URL injected, then drives the
// Dating and Headshots flows (e2e/dating.ts, e2e/headshots.ts) as a user would.
//   CHROMIUM  the browser (default /usr/bin/chromium)
//   E2E_DB    pglite | postgres (default: postgres when its server binaries exist)
//   E2E_ONLY  dating | headshots: run one flow
// Screenshots of each key step go to test-results/e2e/; a failing step is named, exits non-zero
// and leaves FAILED-<step>.png (+ .aria.yml, .log) there. The stack and browser always stop,
// also on Ctrl-C.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { writeEnvFile } from "../scripts/lib/env-file.ts";
import { freePort, hasPostgresServer, startPglite, startPostgresCluster } from "../scripts/lib/postgres.ts";
import { onShutdownSignal } from "../scripts/lib/processes.ts";
import { generateLocalSecrets } from "../scripts/lib/secrets.ts";
import { projectRoot, startStack, type Stack } from "../scripts/lib/stack.ts";
import { startWebDemo } from "../scripts/lib/web-demo.ts";
import { datingFlow } from "./dating.ts";
import { Run, StepFailed, findChromium, launchChromium } from "./harness.ts";
import { headshotsFlow } from "./headshots.ts";

const log = (message: string) => console.log(`[e2e] ${message}`);
const outDir = path.join(projectRoot, "test-results/e2e");
const flows = { dating: datingFlow, headshots: headshotsFlow } as const;
type FlowName = keyof typeof flows;

function selectedFlows(): FlowName[] {
  const only = process.env.E2E_ONLY;
  if (!only) return ["dating", "headshots"];
  if (!(only in flows)) throw new Error(`E2E_ONLY must be "dating" or "headshots", not "${only}"`);
  return [only as FlowName];
}

function chooseDatabase() {
  const kind = process.env.E2E_DB ?? (hasPostgresServer() ? "postgres" : "pglite");
  if (kind === "pglite") return () => startPglite();
  if (kind === "postgres") {
    if (!hasPostgresServer()) throw new Error("E2E_DB=postgres needs the PostgreSQL server binaries (apt-get install postgresql)");
    return startPostgresCluster;
  }
  throw new Error(`E2E_DB must be "pglite" or "postgres", not "${kind}"`);
}

/** The exports must take the API's URL from the page (mobile/src/config.ts): the one baked in
 * at export time points at another port, and every call would fail on CORS instead. */
function assertReadsRuntimeApiUrl() {
  for (const variant of ["dating", "headshots"]) {
    const dir = path.join(projectRoot, "mobile/dist", variant, "_expo/static/js/web");
    const bundles = fs.readdirSync(dir).filter((f) => f.endsWith(".js"));
    if (!bundles.some((f) => fs.readFileSync(path.join(dir, f), "utf8").includes("__FIRSTLOOK_API_URL__"))) {
      throw new Error(`mobile/dist/${variant} does not read globalThis.__FIRSTLOOK_API_URL__: mobile/src/config.ts must prefer it over EXPO_PUBLIC_API_URL`);
    }
  }
}

const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
const startedAt = performance.now();
const work = fs.mkdtempSync(path.join(os.tmpdir(), "firstlook-e2e-"));
const abort = new AbortController();
let starting: Promise<Stack> | undefined;
let demoStarting: ReturnType<typeof startWebDemo> | undefined;
let demo: Awaited<ReturnType<typeof startWebDemo>> | undefined;
let browser: Browser | undefined;
let run: Run | undefined;
let cleaning: Promise<void> | undefined;

/** Stops whatever was started, in reverse order; safe to call twice (signal + normal exit). */
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    abort.abort();
    await browser?.close().catch(() => undefined);
    // An export in progress is stopped by the abort; wait until it has exited.
    await demoStarting?.catch(() => undefined);
    await demo?.stop().catch(() => undefined);
    const stack = await starting?.catch(() => undefined);
    await stack?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  })();
  return cleaning;
}

let interrupted = false;
onShutdownSignal((signal) => {
  interrupted = true;
  log(`${signal}: stopping${run?.current ? ` (during "${run.current}")` : ""}...`);
  void cleanUp().finally(() => process.exit(130));
});

async function main() {
  const selected = selectedFlows();
  const database = chooseDatabase();
  const chromiumPath = findChromium();
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });

  // The web export first: it is the slow, CPU-heavy part, better not run next to the stack.
  const apiPort = await freePort();
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const exportStarted = performance.now();
  demoStarting = startWebDemo(apiUrl, 0, log, "if-stale", abort.signal);
  demo = await demoStarting;
  const web = Object.fromEntries(demo.urls) as Record<FlowName, string>;
  assertReadsRuntimeApiUrl();
  log(`web demo: dating ${web.dating}, headshots ${web.headshots} (${seconds(exportStarted)} including any build)`);

  // Its own secrets and state: never the developer's .dev.vars or .data/.
  const envFile = path.join(work, "secrets.env");
  writeEnvFile(envFile, { ...(await generateLocalSecrets()) });
  starting = startStack({
    database,
    port: apiPort,
    persistTo: path.join(work, "wrangler"),
    envFile,
    vars: {
      // The web demo's origins may call the API; emailed links open the app the user signed up
      // in (its origin), else the Dating web app. PUBLIC_API_URL is left to the stack (its port).
      CORS_ORIGINS: Object.values(web).join(","),
      APP_URL: web.dating,
    },
    quiet: true,
    log,
    signal: abort.signal,
  });
  const stack = await starting;

  browser = await launchChromium(chromiumPath);
  log(`Chromium ${browser.version()}`);
  run = new Run(browser, stack.url, outDir, log, abort.signal);
  // A crash of wrangler or the database fails the run at once instead of at the next timeout.
  const crashed = stack.services.crashed.then((message) => Promise.reject(new Error(message)));
  for (const name of selected) {
    const flowStarted = performance.now();
    await Promise.race([flows[name](run, web[name]), crashed]);
    log(`${name}: passed (${seconds(flowStarted)})`);
  }
  run.current = undefined;
}

let exitCode = 0;
try {
  await main();
  log(`passed in ${seconds(startedAt)}; screenshots in ${path.relative(process.cwd(), outDir) || "."}`);
} catch (err) {
  exitCode = 1;
  // Interrupted (Ctrl-C): the signal handler already said so and is cleaning up.
  if (!interrupted) {
    if (err instanceof StepFailed) {
      console.error(`\n[e2e] FAILED at step "${err.step}"\n${err.cause instanceof Error ? (err.cause.stack ?? err.cause.message) : String(err.cause)}`);
    } else {
      console.error(`\n[e2e] FAILED${run?.current ? ` at step "${run.current}"` : " before the browser flows"}: ${err instanceof Error ? err.message : String(err)}`);
    }
    // A failure in the browser may be the API's: show what wrangler logged last.
    const stack = run ? await starting?.catch(() => undefined) : undefined;
    const tail = stack?.wrangler.tail().trim();
    if (tail) console.error(`\n[e2e] wrangler's last output:\n${tail.split("\n").slice(-30).join("\n")}`);
    if (run) console.error(`[e2e] screenshots and failure details in ${path.relative(process.cwd(), outDir)}/`);
    console.error(`[e2e] failed after ${seconds(startedAt)}`);
  }
} finally {
  // Also after an interrupt: the same cleanup the signal handler started, awaited to the end.
  await cleanUp();
}
process.exit(interrupted ? 130 : exitCode);
