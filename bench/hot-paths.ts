// The screens people open most, at 0 ms and at a simulated distance to the database (the local
// proxy delays every database message each way: scripts/lib/ws-proxy.ts). Per route: what one
// request costs in database connections, statements and round trips (read from the proxy's
// counters for that request's id), p50 / p95 under load at each distance, and the p95 ratio to
// the no-op route measured at the same distance in the same run.
import type autocannon from "autocannon";
import type { WsProxy, TagCounters } from "../scripts/lib/ws-proxy.ts";
import { runLoad, type LoadResult } from "./load.ts";
import type { BenchContext } from "./scenarios.ts";

export const HOT_PATH_DISTANCES_MS = [0, 40];
const CONNECTIONS = 10;
const DURATION_SECONDS = 4;
const WARMUP_SECONDS = 1;

interface HotPathScenario {
  id: string;
  route: string;
  /** The target the issue sets at 40 ms, checked in the report (not asserted anywhere). */
  target?: "1.5x" | "+1rt";
  request(ctx: HotPathContext): autocannon.Request;
}

export interface HotPathContext extends BenchContext {
  /** A generation of users[0] (for the status poll). */
  generationId: string;
}

const authorized = (ctx: BenchContext) => ({ authorization: `Bearer ${ctx.users[0]!.accessToken}` });
const get =
  (path: string) =>
  (ctx: HotPathContext): autocannon.Request => ({ method: "GET", path, headers: authorized(ctx) });

const scenarios: HotPathScenario[] = [
  { id: "live", route: "GET /health/live (no-op)", request: () => ({ method: "GET", path: "/health/live" }) },
  { id: "me", route: "GET /v1/me", target: "1.5x", request: get("/v1/me") },
  { id: "balance", route: "GET /v1/billing/balance", target: "1.5x", request: get("/v1/billing/balance") },
  { id: "styles", route: "GET /v1/headshots/styles", target: "1.5x", request: () => ({ method: "GET", path: "/v1/headshots/styles" }) },
  { id: "generation", route: "GET /v1/headshots/generations/{id}", target: "1.5x", request: (ctx) => get(`/v1/headshots/generations/${ctx.generationId}`)(ctx) },
  { id: "photos", route: "GET /v1/photos", target: "+1rt", request: get("/v1/photos") },
  { id: "gallery", route: "GET /v1/headshots/generations", request: get("/v1/headshots/generations") },
  { id: "purchases", route: "GET /v1/billing/purchases", request: get("/v1/billing/purchases") },
];

export interface HotPathRow {
  id: string;
  route: string;
  target?: HotPathScenario["target"];
  cost: TagCounters;
  byDistance: Map<number, LoadResult>;
}

export interface HotPathRun {
  rows: HotPathRow[];
  distances: number[];
  connections: number;
  durationSeconds: number;
}

/** One request with a known id: the proxy's counters for it are what the route costs. */
async function costOf(url: string, proxy: WsProxy, request: autocannon.Request): Promise<TagCounters> {
  const id = `bench-${crypto.randomUUID()}`;
  const res = await fetch(`${url}${request.path}`, { method: request.method, headers: { ...(request.headers as Record<string, string>), "x-request-id": id } });
  await res.arrayBuffer();
  // The request's pool is closed after the response: give the proxy a moment to see it all.
  await new Promise((resolve) => setTimeout(resolve, 100));
  return proxy.counters(id);
}

export async function runHotPaths(url: string, proxy: WsProxy, ctx: HotPathContext, log: (m: string) => void): Promise<HotPathRun> {
  const rows: HotPathRow[] = [];
  const initial = proxy.latencyMs;
  try {
    proxy.setLatency(0);
    for (const s of scenarios) {
      // Warm first: the catalogue, the account object and the room are filled by earlier reads.
      await costOf(url, proxy, s.request(ctx));
      rows.push({ id: s.id, route: s.route, target: s.target, cost: await costOf(url, proxy, s.request(ctx)), byDistance: new Map() });
    }
    for (const distance of HOT_PATH_DISTANCES_MS) {
      proxy.setLatency(distance);
      for (const [i, s] of scenarios.entries()) {
        await runLoad(url, s.request(ctx), { connections: CONNECTIONS, durationSeconds: WARMUP_SECONDS });
        const result = await runLoad(url, s.request(ctx), { connections: CONNECTIONS, durationSeconds: DURATION_SECONDS });
        rows[i]!.byDistance.set(distance, result);
        log(
          `hot paths @${distance} ms: ${s.route}: p50 ${result.p50.toFixed(1)} / p95 ${result.p95.toFixed(1)} ms, ${result.reqPerSec.toFixed(0)} req/s, non-2xx ${result.non2xx}`,
        );
      }
    }
  } finally {
    proxy.setLatency(initial);
  }
  return { rows, distances: HOT_PATH_DISTANCES_MS, connections: CONNECTIONS, durationSeconds: DURATION_SECONDS };
}

const ms = (v: number | undefined) => (v !== undefined && Number.isFinite(v) ? v.toFixed(1) : "n/a");

export function hotPathSection(run: HotPathRun): string[] {
  const baseline = run.rows.find((r) => r.id === "live")!;
  const far = Math.max(...run.distances);
  const ratio = (r: HotPathRow, d: number) => {
    const base = baseline.byDistance.get(d)?.p95;
    const p95 = r.byDistance.get(d)?.p95;
    return base && p95 !== undefined ? `${(p95 / base).toFixed(2)}x` : "n/a";
  };
  const header = ["Route", "DB conns", "Statements", "Round trips", ...run.distances.flatMap((d) => [`p50 / p95 @${d} ms`, `p95 / no-op @${d} ms`]), `Target @${far} ms`];
  const verdict = (r: HotPathRow) => {
    const base = baseline.byDistance.get(far)?.p95;
    const p95 = r.byDistance.get(far)?.p95;
    if (!r.target || base === undefined || p95 === undefined) return "";
    if (r.target === "1.5x") return `${p95 <= 1.5 * base ? "met" : "not met"} (<= 1.5x no-op)`;
    // One round trip at this distance is the delay there and back.
    const budget = base + 2 * far;
    return `${p95 <= budget ? "met" : "not met"} (<= no-op + 1 round trip = ${ms(budget)} ms)`;
  };
  const errors = run.rows.flatMap((r) =>
    [...r.byDistance].filter(([, res]) => res.non2xx || res.errors).map(([d, res]) => `${r.route} @${d} ms: ${res.non2xx} non-2xx, ${res.errors} errors`),
  );
  return [
    `## Hot paths at 0 ms and ${far} ms simulated database distance`,
    "",
    `\`BENCH_ONLY=hotpaths npm run bench\` runs this part alone. The local proxy delays every database message by the distance ` +
      `each way (and the WebSocket handshake by twice that); ${run.connections} connections, ${run.durationSeconds} s per route and distance after ` +
      "a 1 s warm-up. Connections, statements (BEGIN/COMMIT included) and round trips are counted by the proxy for one warm request of " +
      "the route (by its request id); a round trip is the WebSocket handshake or a client turn after the server answered, so a new " +
      "connection costs 3 locally (handshake, startup, password) before its first statement.",
    "",
    `| ${header.join(" | ")} |`,
    `| ${header.map(() => "---").join(" | ")} |`,
    ...run.rows.map(
      (r) =>
        `| ${[
          r.route,
          r.cost.connections,
          r.cost.queries,
          r.cost.roundTrips,
          ...run.distances.flatMap((d) => [`${ms(r.byDistance.get(d)?.p50)} / ${ms(r.byDistance.get(d)?.p95)}`, ratio(r, d)]),
          verdict(r),
        ].join(" | ")} |`,
    ),
    "",
    ...(errors.length ? [`Errors: ${errors.join("; ")}`, ""] : []),
  ];
}
