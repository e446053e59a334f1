// The headshot pipeline's own overhead, outside the model's time. The stack renders through the
// real replicate SDK against the local Replicate stand-in, which behaves like Replicate: it posts
// the signed webhooks the prediction asked for, "completed" after a fixed simulated model time.
// Per generation we measure, from the client's side:
//   start overhead   POST /v1/headshots/generations sent -> the stand-in receives the prediction
//                    (validation, selfie check, credit reserve, row, queue, consumer, SDK call)
//   finish overhead  the "completed" webhook sent -> a WebSocket client sees `succeeded`
//                    (signature, dedupe, output download, R2 + thumbnail, quality measurement,
//                    credit commit, the GenerationRoom broadcast)
// first one generation at a time, then 50 users starting at once. Afterwards every generation
// must have succeeded with exactly one prediction, and no credit may be left on hold.
import pg from "pg";
import WebSocket from "ws";
import type { Delivery } from "../test/stand-ins/replicate-api.ts";

export const MODEL_MS = 2_000;

export interface GenerationTiming {
  generationId: string;
  status: string;
  /** POST sent -> 202 received. */
  postMs: number;
  /** POST sent -> prediction created at the stand-in. */
  startOverheadMs: number;
  /** POST sent -> the WebSocket shows `processing` (an upper bound: the socket opens after the 202). */
  processingSeenMs: number;
  /** "completed" webhook sent -> the WebSocket shows `succeeded`. */
  finishOverheadMs: number;
  /** "completed" webhook sent -> its 2xx answer. */
  webhookAnswerMs: number;
  /** POST sent -> `succeeded` seen. */
  totalMs: number;
}

export interface HeadshotRun {
  label: string;
  generations: number;
  wallMs: number;
  timings: GenerationTiming[];
  /** Generations not seen to succeed within the deadline. */
  notSucceeded: number;
  /** Generations with other than exactly one prediction at the provider. */
  wrongPredictionCount: number;
  /** Credits still on hold across the users afterwards (must be 0). */
  creditsHeld: number;
  /** Balance drop across the users minus what the succeeded generations cost (must be 0). */
  creditDrift: number;
}

export interface HeadshotUser {
  accessToken: string;
}

interface StandIn {
  deliveries: Map<string, Delivery>;
}

const DEADLINE_MS = 90_000;

async function api<T>(url: string, method: string, path: string, token: string, body?: unknown, contentType = "application/json"): Promise<{ status: number; body: T }> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { "content-type": contentType } : {}) },
    body: body === undefined ? undefined : body instanceof Uint8Array ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

/** Resolves with when each status was first seen on the generation's live socket. */
function watch(url: string, id: string, token: string): Promise<Map<string, number>> {
  const seen = new Map<string, number>();
  return new Promise((resolve) => {
    const ws = new WebSocket(`${url.replace(/^http/, "ws")}/v1/headshots/generations/${id}/live?access_token=${encodeURIComponent(token)}`);
    const done = () => {
      clearTimeout(timer);
      ws.close();
      resolve(seen);
    };
    const timer = setTimeout(done, DEADLINE_MS);
    ws.on("message", (data) => {
      const msg = JSON.parse(String(data)) as { type: string; state?: { status: string } };
      if (msg.type !== "state" || !msg.state) return;
      if (!seen.has(msg.state.status)) seen.set(msg.state.status, performance.now());
      if (["succeeded", "failed", "canceled"].includes(msg.state.status)) done();
    });
    ws.on("error", done);
    ws.on("close", done);
  });
}

async function balances(url: string, users: HeadshotUser[]) {
  return Promise.all(users.map(async (u) => (await api<{ balance: number; held: number }>(url, "GET", "/v1/billing/balance", u.accessToken)).body));
}

/** Uploads one selfie per user (a few at a time); returns the photo ids. */
export async function uploadSelfies(url: string, users: HeadshotUser[], selfie: Uint8Array): Promise<string[]> {
  const ids: string[] = new Array(users.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: 3 }, async () => {
      while (next < users.length) {
        const i = next++;
        const res = await api<{ id: string }>(url, "POST", "/v1/photos?purpose=selfie", users[i]!.accessToken, selfie, "image/jpeg");
        if (res.status !== 201) throw new Error(`selfie upload: ${res.status} ${JSON.stringify(res.body)}`);
        ids[i] = res.body.id;
      }
    }),
  );
  return ids;
}

/** Starts one generation per (user, selfie) pair at once and follows each to the end. */
export async function runHeadshots(
  label: string,
  url: string,
  databaseUrl: string,
  standIn: StandIn,
  pairs: { user: HeadshotUser; selfieId: string }[],
  styleId: string,
  costPerImage: number,
): Promise<HeadshotRun> {
  const users = [...new Set(pairs.map((p) => p.user))];
  const before = await balances(url, users);
  const started = performance.now();
  const raw = await Promise.all(
    pairs.map(async ({ user, selfieId }) => {
      const t0 = performance.now();
      const res = await api<{ id: string; status: string }>(url, "POST", "/v1/headshots/generations", user.accessToken, { photoId: selfieId, styleId, count: 1 });
      const postMs = performance.now() - t0;
      if (res.status !== 202) throw new Error(`start generation: ${res.status} ${JSON.stringify(res.body)}`);
      const seen = await watch(url, res.body.id, user.accessToken);
      return { id: res.body.id, t0, postMs, seen };
    }),
  );
  const wallMs = performance.now() - started;

  // Which prediction belongs to which generation: the system of record says.
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const rows = new Map<string, { status: string; predictions: { id: string }[] }>();
  try {
    const { rows: found } = await client.query<{ id: string; generation_status: string; predictions: { id: string }[] }>(
      "select id, generation_status, predictions from photo_generations where id = any($1::uuid[])",
      [raw.map((r) => r.id)],
    );
    for (const r of found) rows.set(r.id, { status: r.generation_status, predictions: r.predictions });
  } finally {
    await client.end();
  }

  const timings: GenerationTiming[] = [];
  let wrongPredictionCount = 0;
  for (const r of raw) {
    const row = rows.get(r.id);
    if (row?.predictions.length !== 1) wrongPredictionCount++;
    const delivery = row?.predictions[0] && standIn.deliveries.get(row.predictions[0].id);
    const succeededAt = r.seen.get("succeeded");
    timings.push({
      generationId: r.id,
      status: row?.status ?? "missing",
      postMs: r.postMs,
      startOverheadMs: delivery ? delivery.createdAt - r.t0 : Number.NaN,
      processingSeenMs: (r.seen.get("processing") ?? Number.NaN) - r.t0,
      finishOverheadMs: succeededAt !== undefined && delivery?.completedSentAt !== undefined ? succeededAt - delivery.completedSentAt : Number.NaN,
      webhookAnswerMs: delivery?.completedAnsweredAt !== undefined && delivery.completedSentAt !== undefined ? delivery.completedAnsweredAt - delivery.completedSentAt : Number.NaN,
      totalMs: succeededAt !== undefined ? succeededAt - r.t0 : Number.NaN,
    });
  }
  const after = await balances(url, users);
  const succeeded = timings.filter((t) => t.status === "succeeded").length;
  const spent = before.reduce((s, b) => s + b.balance, 0) - after.reduce((s, b) => s + b.balance, 0);
  return {
    label,
    generations: pairs.length,
    wallMs,
    timings,
    notSucceeded: timings.filter((t) => t.status !== "succeeded" || Number.isNaN(t.totalMs)).length,
    wrongPredictionCount,
    creditsHeld: after.reduce((s, b) => s + b.held, 0),
    creditDrift: spent - succeeded * costPerImage,
  };
}

/** Nearest-rank percentile; NaN values (not observed) are left out. */
export function pct(values: number[], p: number): number {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
