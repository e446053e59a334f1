// `npm run bench`: starts its own local stack (the same one `npm run dev` runs, on a free port
// with throwaway state), registers accounts, loads each scenario in bench/scenarios.ts with
// autocannon and writes bench/RESULTS.md. Uses a throwaway real PostgreSQL cluster when the
// server binaries exist (BENCH_DB=pglite to skip it), otherwise PGlite in memory. About a minute.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { freePort, hasPostgresServer, startPglite, startPostgresCluster } from "../scripts/lib/postgres.ts";
import { generateLocalSecrets } from "../scripts/lib/secrets.ts";
import { onShutdownSignal } from "../scripts/lib/processes.ts";
import { writeEnvFile } from "../scripts/lib/env-file.ts";
import { projectRoot, startStack, type Stack } from "../scripts/lib/stack.ts";
import { startReplicateStandIn } from "../test/stand-ins/replicate-api.ts";
import { creditCosts } from "../worker/domain/catalogue.ts";
import { MODEL_MS, runHeadshots, uploadSelfies, type HeadshotRun } from "./headshots.ts";
import { runLoad } from "./load.ts";
import { runHotPaths, type HotPathRun } from "./hot-paths.ts";
import { machineInfo, renderReport, type ScenarioResult } from "./report.ts";
import { DEFAULT_CONNECTIONS, DEFAULT_DURATION_SECONDS, LEDGER_USERS, scenarios, type BenchContext, type BenchUser } from "./scenarios.ts";

/** Accounts to rotate through: all login rows together stay under 10 logins per account per
 * minute up to ~600 logins, several times what one local isolate manages. */
const USERS = 60;
const WARMUP_SECONDS = 1;
const PASSWORD = "correct horse battery staple";

const log = (message: string) => console.log(`[bench] ${message}`);
const resultsFile = path.join(path.dirname(fileURLToPath(import.meta.url)), "RESULTS.md");

/** A different private (10/8) address per call: every request gets its own per-IP rate-limit bucket. */
function ipSequence(): () => string {
  let n = 0;
  return () => {
    n++;
    return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
  };
}

/** Uploads the six photos the analysis scenario analyses; returns their ids and upload times. */
async function uploadPhotos(url: string, user: BenchUser): Promise<{ ids: string[]; uploadMs: number[]; coldMs: number }> {
  const auth = { authorization: `Bearer ${user.accessToken}` };
  // The dating features are 18+.
  const dob = await fetch(`${url}/v1/me`, { method: "PATCH", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify({ dateOfBirth: "1990-01-01" }) });
  if (!dob.ok) throw new Error(`date of birth: ${dob.status} ${await dob.text()}`);
  const names = ["astronaut.jpg", "bench-1080x1350.jpg", "astronaut-dark.jpg", "astronaut-small-face.jpg", "group-collage.jpg", "rocket-landscape.jpg"];
  const ids: string[] = [];
  const uploadMs: number[] = [];
  // The isolate's first photo pays for instantiating the codecs and the face model: timed, but
  // reported apart (a running isolate has paid it already), like the scenarios' warm-up.
  let coldMs = 0;
  for (const name of [names[0]!, ...names]) {
    const body = fs.readFileSync(path.join(projectRoot, "test/fixtures/photos", name));
    const started = performance.now();
    const res = await fetch(`${url}/v1/photos?purpose=dating`, { method: "POST", headers: { ...auth, "content-type": "image/jpeg" }, body });
    const ms = performance.now() - started;
    if (res.status !== 201) throw new Error(`upload ${name}: ${res.status} ${await res.text()}`);
    const { id } = (await res.json()) as { id: string };
    if (!coldMs) {
      coldMs = ms;
      continue;
    }
    uploadMs.push(ms);
    ids.push(id);
  }
  return { ids, uploadMs, coldMs };
}

function createContext(users: BenchUser[], nextIp: () => string): BenchContext {
  let next = 0;
  return { users, photoIds: [], nextIp, nextUser: () => users[next++ % users.length]! };
}

async function registerUsers(url: string, nextIp: () => string, count: number): Promise<BenchUser[]> {
  const run = Date.now().toString(36);
  const register = async (i: number): Promise<BenchUser> => {
    const email = `bench.${run}.${i}@example.com`;
    const res = await fetch(`${url}/v1/auth/register`, {
      method: "POST",
      headers: { "content-type": "application/json", "cf-connecting-ip": nextIp() },
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    if (res.status !== 201) throw new Error(`register ${email}: ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { accessToken: string };
    return { email, password: PASSWORD, accessToken: body.accessToken };
  };
  // One at a time: the Argon2id hash keeps the isolate busy anyway, and PGlite's single backend
  // interleaves concurrent transactions (parallel sign-ups failed there with 500s).
  const users: BenchUser[] = [];
  for (let i = 0; i < count; i++) users.push(await register(i));
  return users;
}

async function describeDatabase(stack: Stack): Promise<string> {
  const client = new pg.Client({ connectionString: stack.database.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version: string }>("show server_version");
    const kind = stack.database.kind === "pglite" ? "PGlite (embedded, in memory)" : "PostgreSQL (throwaway local cluster, password auth, fsync off)";
    return `${kind}, server version ${rows[0]?.server_version}`;
  } finally {
    await client.end();
  }
}

/** 10 generations one at a time, then one each for 50 users at once (see bench/headshots.ts). */
async function benchHeadshots(stack: Stack, users: BenchUser[], standIn: Parameters<typeof runHeadshots>[3]): Promise<HeadshotRun[]> {
  const selfie = fs.readFileSync(path.join(projectRoot, "test/fixtures/photos/astronaut.jpg"));
  const started = performance.now();
  const selfies = await uploadSelfies(stack.url, users, selfie);
  log(`uploaded ${users.length} selfies (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  const { styles } = (await (await fetch(`${stack.url}/v1/headshots/styles`)).json()) as { styles: { id: string; subscriptionRequired: boolean }[] };
  const styleId = styles.find((s) => !s.subscriptionRequired)!.id;
  const pair = (i: number) => ({ user: users[i]!, selfieId: selfies[i]! });
  const cost = creditCosts.headshot;

  const sequential: HeadshotRun[] = [];
  for (let i = 0; i < 10; i++) sequential.push(await runHeadshots("one at a time", stack.url, stack.database.url, standIn, [pair(i)], styleId, cost));
  const merged: HeadshotRun = {
    label: "one at a time (10 in a row)",
    generations: sequential.length,
    wallMs: sequential.reduce((s, r) => s + r.wallMs, 0),
    timings: sequential.flatMap((r) => r.timings),
    notSucceeded: sequential.reduce((s, r) => s + r.notSucceeded, 0),
    wrongPredictionCount: sequential.reduce((s, r) => s + r.wrongPredictionCount, 0),
    creditsHeld: sequential.reduce((s, r) => s + r.creditsHeld, 0),
    creditDrift: sequential.reduce((s, r) => s + r.creditDrift, 0),
  };
  log(`headshots one at a time: ${merged.notSucceeded} not succeeded`);
  const burst = await runHeadshots(
    `${users.length} users at once`,
    stack.url,
    stack.database.url,
    standIn,
    users.map((_, i) => pair(i)),
    styleId,
    cost,
  );
  log(`headshots ${burst.label}: ${burst.notSucceeded} not succeeded, ${burst.creditsHeld} credits held, wall ${(burst.wallMs / 1000).toFixed(1)} s`);
  return [merged, burst];
}

/** The hot-path table (bench/hot-paths.ts): needs a generation of users[0] to poll. */
async function benchHotPaths(stack: Stack, ctx: BenchContext): Promise<HotPathRun | undefined> {
  if (!stack.proxy) {
    log("hot paths skipped: the database is not behind the local proxy");
    return undefined;
  }
  const user = ctx.users[0]!;
  const selfie = fs.readFileSync(path.join(projectRoot, "test/fixtures/photos/astronaut.jpg"));
  const auth = { authorization: `Bearer ${user.accessToken}` };
  const upload = await fetch(`${stack.url}/v1/photos?purpose=selfie`, { method: "POST", headers: { ...auth, "content-type": "image/jpeg" }, body: selfie });
  if (upload.status !== 201) throw new Error(`selfie upload: ${upload.status} ${await upload.text()}`);
  const start = await fetch(`${stack.url}/v1/headshots/generations`, {
    method: "POST",
    headers: { ...auth, "content-type": "application/json" },
    body: JSON.stringify({ photoId: ((await upload.json()) as { id: string }).id, styleId: "corporate-classic", count: 1 }),
  });
  if (start.status !== 202) throw new Error(`generation: ${start.status} ${await start.text()}`);
  const generationId = ((await start.json()) as { id: string }).id;
  return runHotPaths(stack.url, stack.proxy, { ...ctx, generationId }, log);
}

async function runScenarios(url: string, ctx: BenchContext): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  for (const scenario of scenarios) {
    const connections = scenario.connections ?? DEFAULT_CONNECTIONS;
    const durationSeconds = scenario.durationSeconds ?? DEFAULT_DURATION_SECONDS;
    await runLoad(url, scenario.request(ctx), { connections, durationSeconds: WARMUP_SECONDS });
    const result = await runLoad(url, scenario.request(ctx), { connections, durationSeconds });
    results.push({ scenario, connections, durationSeconds, result });
    log(
      `${scenario.route} (${connections} conn): ${result.reqPerSec.toFixed(0)} req/s, ` +
        `p50 ${result.p50.toFixed(1)} / p95 ${result.p95.toFixed(1)} / p99 ${result.p99.toFixed(1)} ms, non-2xx ${result.non2xx}`,
    );
  }
  return results;
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), "firstlook-bench-"));
const abort = new AbortController();
let starting: Promise<Stack> | undefined;
let stopStandIn: (() => Promise<void>) | undefined;

async function cleanUp() {
  abort.abort();
  const stack = await starting?.catch(() => undefined);
  await stack?.stop();
  await stopStandIn?.();
  fs.rmSync(work, { recursive: true, force: true });
}

onShutdownSignal(() => void cleanUp().finally(() => process.exit(130)));

try {
  const machine = machineInfo();
  // Its own secrets: the bench never reads or writes the developer's .dev.vars.
  const envFile = path.join(work, "secrets.env");
  const port = await freePort();
  // Headshots render through the real replicate SDK against the local stand-in, which posts
  // Replicate's signed webhooks back to this stack after a simulated model time.
  const replicateToken = "r8_bench_standin_token";
  const replicateSecret = `whsec_${Buffer.from(crypto.getRandomValues(new Uint8Array(24))).toString("base64")}`;
  const replicate = await startReplicateStandIn(replicateToken, replicateSecret, { autoDeliver: { modelMs: MODEL_MS } });
  stopStandIn = replicate.close;
  writeEnvFile(envFile, {
    ...(await generateLocalSecrets()),
    REPLICATE_API_TOKEN: replicateToken,
    REPLICATE_WEBHOOK_SECRET: replicateSecret,
    REPLICATE_API_BASE: replicate.url,
    PUBLIC_API_URL: `http://127.0.0.1:${port}`,
  });
  starting = startStack({
    database: process.env.BENCH_DB !== "pglite" && hasPostgresServer() ? startPostgresCluster : () => startPglite(),
    port,
    persistTo: path.join(work, "wrangler"),
    envFile,
    quiet: true,
    log,
    signal: abort.signal,
  });
  const stack = await starting;
  const date = new Date();
  const database = await describeDatabase(stack);
  const nextIp = ipSequence();
  const registering = performance.now();
  const ctx = createContext(await registerUsers(stack.url, nextIp, USERS), nextIp);
  log(`registered ${ctx.users.length} users (${((performance.now() - registering) / 1000).toFixed(1)} s)`);
  // The ledger scenarios spend from these balances; far more than a run can use.
  for (const user of ctx.users.slice(0, LEDGER_USERS)) {
    const res = await fetch(`${stack.url}/dev/credits/grant`, {
      method: "POST",
      headers: { authorization: `Bearer ${user.accessToken}`, "content-type": "application/json" },
      body: JSON.stringify({ amount: 1_000_000 }),
    });
    if (!res.ok) throw new Error(`grant: ${res.status} ${await res.text()}`);
  }
  const photos = await uploadPhotos(stack.url, ctx.users[0]!);
  ctx.photoIds = photos.ids;
  log(`uploaded 6 photos: ${photos.uploadMs.map((ms) => ms.toFixed(0)).join(", ")} ms (first photo of the isolate: ${photos.coldMs.toFixed(0)} ms)`);
  // BENCH_ONLY=headshots or =hotpaths runs that part alone (a quicker loop while working on it).
  const only = process.env.BENCH_ONLY;
  const results = only ? [] : await runScenarios(stack.url, ctx);
  const hotPaths = !only || only === "hotpaths" ? await benchHotPaths(stack, ctx) : undefined;
  const headshots = !only || only === "headshots" ? await benchHeadshots(stack, ctx.users.slice(0, LEDGER_USERS), replicate) : [];
  const wrangler = JSON.parse(fs.readFileSync(path.join(projectRoot, "node_modules/wrangler/package.json"), "utf8")).version as string;
  // A partial run never overwrites the committed results.
  const out = process.env.BENCH_ONLY ? path.join(os.tmpdir(), "firstlook-bench-partial.md") : resultsFile;
  fs.writeFileSync(
    out,
    renderReport(
      {
        date,
        database,
        wrangler,
        users: USERS,
        warmupSeconds: WARMUP_SECONDS,
        results,
        uploadMs: photos.uploadMs,
        coldUploadMs: photos.coldMs,
        headshots,
        modelMs: MODEL_MS,
        hotPaths,
      },
      machine,
    ),
  );
  log(`wrote ${out}`);
} catch (err) {
  if (!abort.signal.aborted) {
    console.error(`[bench] failed: ${err instanceof Error ? err.message : String(err)}`);
    // wrangler's output is captured, not shown: its end usually holds the Worker's error.
    const stack = await starting?.catch(() => undefined);
    if (stack) console.error(`[bench] last wrangler output:\n${stack.wrangler.tail().split("\n").slice(-40).join("\n")}`);
    process.exitCode = 1;
  }
} finally {
  await cleanUp();
}
