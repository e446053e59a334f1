// A local stand-in for Replicate's HTTP API, speaking its protocol for what the Worker uses:
// create a prediction for a model (with webhook + events filter), get, cancel; outputs served
// as real JPEGs. Replicate would call our webhook itself; the Worker under test has no port,
// so the test asks the stand-in for a signed webhook delivery (`POST /__webhook/:id`) and
// posts it. Failure modes: `POST /__fail-creates?count=N` answers the next N creates with 500;
// `POST /__hang-creates?count=N` leaves them unanswered for 5 s (a provider timeout).
// What a prediction's output shows (for the likeness check): by default a faithful "render" of
// the test selfie (the astronaut fixture, reframed and re-toned: the same person); `POST /__outputs`
// with `{ sequence: [...] }` makes the next predictions show, in order, "same", "other" (a
// different person: a face from the face-api demo photos, read from node_modules at run time),
// "none" (no face) or "group" (four faces).
// With `autoDeliver` (the benchmark) it behaves like Replicate itself: it posts the signed
// "start" webhook at once (if the prediction's events filter asks for it) and the "completed" one
// `modelMs` later, and records when.
import http from "node:http";
import { createHmac, randomBytes } from "node:crypto";
import sharp from "sharp";
import { fileURLToPath } from "node:url";

type Person = "same" | "other" | "none" | "group";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

interface Prediction {
  id: string;
  model: string;
  status: string;
  person: Person;
  input: Record<string, unknown>;
  output: string[] | null;
  error: string | null;
  webhook: string | undefined;
  webhook_events_filter: string[] | undefined;
  created_at: string;
}

export interface Delivery {
  predictionId: string;
  /** performance.now() of the create request, the "succeeded" webhook post, and its answer. */
  createdAt: number;
  completedSentAt?: number;
  completedAnsweredAt?: number;
  completedStatus?: number;
}

export interface StandInOptions {
  autoDeliver?: { modelMs: number };
}

export async function startReplicateStandIn(token: string, webhookSecret: string, options: StandInOptions = {}) {
  const predictions = new Map<string, Prediction>();
  const deliveries = new Map<string, Delivery>();
  let failCreates = 0;
  let hangCreates = 0;
  // Rendered-looking images, 768x960 portrait JPEGs, one per kind of output.
  const portrait = (input: sharp.Sharp) => input.resize(768, 960, { fit: "cover", position: "top" }).jpeg({ quality: 88 }).toBuffer();
  const outputs: Record<Person, Buffer> = {
    same: await portrait(sharp(here("../fixtures/photos/astronaut.jpg")).modulate({ brightness: 1.05, saturation: 0.95 })),
    // A woman from the first group photo, cut out as a portrait (around her face box 315,164 271x271).
    other: await portrait(sharp(here("../../node_modules/@vladmandic/face-api/demo/sample2.jpg")).extract({ left: 98, top: 0, width: 705, height: 705 })),
    none: await sharp({ create: { width: 768, height: 960, channels: 3, background: { r: 92, g: 104, b: 118 } } })
      .composite([{ input: Buffer.from(`<svg width="768" height="960"><ellipse cx="384" cy="400" rx="170" ry="220" fill="rgb(214,170,140)"/></svg>`) }])
      .jpeg({ quality: 85 })
      .toBuffer(),
    group: await portrait(sharp(here("../fixtures/photos/group-collage.jpg"))),
  };
  let sequence: Person[] = [];
  let base = "";

  const sign = (id: string, timestamp: number, body: string) => {
    const key = Buffer.from(webhookSecret.slice("whsec_".length), "base64");
    return `v1,${createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64")}`;
  };

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString();
    const url = new URL(req.url!, base);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    const view = (p: Prediction) => ({ ...p, urls: { get: `${base}/v1/predictions/${p.id}`, cancel: `${base}/v1/predictions/${p.id}/cancel` } });

    if (url.pathname.startsWith("/outputs/")) {
      const p = predictions.get(url.pathname.slice("/outputs/".length).replace(/\.jpg$/, ""));
      res.writeHead(200, { "content-type": "image/jpeg" });
      return res.end(outputs[p?.person ?? "same"]);
    }
    if (url.pathname === "/__outputs" && req.method === "POST") {
      sequence = (JSON.parse(raw || "{}") as { sequence?: Person[] }).sequence ?? [];
      return send(200, { sequence });
    }
    if (url.pathname === "/__predictions") return send(200, [...predictions.values()]);
    if (url.pathname === "/__hang-creates") {
      if (url.searchParams.has("count")) hangCreates = Number(url.searchParams.get("count"));
      return send(200, { hangCreates });
    }
    if (url.pathname === "/__fail-creates") {
      failCreates = Number(url.searchParams.get("count") ?? 1);
      return send(200, { failCreates });
    }
    let m = /^\/__webhook\/([^/]+)$/.exec(url.pathname);
    if (m && req.method === "POST") {
      // Moves the prediction to the requested status and returns the signed delivery.
      const p = predictions.get(m[1]!);
      if (!p) return send(404, { detail: "not found" });
      const change = JSON.parse(raw || "{}") as { status?: string; error?: string; webhookId?: string; timestampOffset?: number };
      if (change.status) p.status = change.status;
      if (p.status === "succeeded") p.output = [`${base}/outputs/${p.id}.jpg`];
      if (change.error) p.error = change.error;
      const body = JSON.stringify(view(p));
      const id = change.webhookId ?? `msg_${randomBytes(8).toString("hex")}`;
      const timestamp = Math.floor(Date.now() / 1000) + (change.timestampOffset ?? 0);
      return send(200, {
        url: p.webhook,
        headers: { "webhook-id": id, "webhook-timestamp": String(timestamp), "webhook-signature": sign(id, timestamp, body), "content-type": "application/json" },
        body,
      });
    }
    m = /^\/__set\/([^/]+)$/.exec(url.pathname);
    if (m && req.method === "POST") {
      const p = predictions.get(m[1]!);
      if (!p) return send(404, { detail: "not found" });
      p.status = JSON.parse(raw).status;
      if (p.status === "succeeded") p.output = [`${base}/outputs/${p.id}.jpg`];
      return send(200, view(p));
    }

    if (req.headers.authorization !== `Bearer ${token}`) return send(401, { title: "Unauthenticated", detail: "You did not pass a valid authentication token", status: 401 });
    m = /^\/v1\/models\/([^/]+\/[^/]+)\/predictions$/.exec(url.pathname);
    if (m && req.method === "POST") {
      if (hangCreates > 0) {
        hangCreates--;
        return void setTimeout(() => send(504, { title: "too late" }), 5_000);
      }
      if (failCreates > 0) {
        failCreates--;
        return send(500, { title: "Internal server error", status: 500 });
      }
      const body = JSON.parse(raw) as { input: Record<string, unknown>; webhook?: string; webhook_events_filter?: string[] };
      if (!body.input?.prompt) return send(422, { title: "Input validation failed", detail: "prompt is required", status: 422 });
      const p: Prediction = {
        id: randomBytes(10).toString("hex"),
        model: m[1]!,
        status: "starting",
        person: sequence.shift() ?? "same",
        input: body.input,
        output: null,
        error: null,
        webhook: body.webhook,
        webhook_events_filter: body.webhook_events_filter,
        created_at: new Date().toISOString(),
      };
      predictions.set(p.id, p);
      if (options.autoDeliver) autoDeliver(p, options.autoDeliver.modelMs);
      return send(201, view(p));
    }
    m = /^\/v1\/predictions\/([^/]+)(\/cancel)?$/.exec(url.pathname);
    if (m) {
      const p = predictions.get(m[1]!);
      if (!p) return send(404, { title: "Not found", status: 404 });
      if (m[2] && req.method === "POST" && !["succeeded", "failed", "canceled"].includes(p.status)) p.status = "canceled";
      return send(200, view(p));
    }
    send(404, { title: "Not found", status: 404 });
  });
  /** Posts one signed webhook for the prediction's current state; resolves with the HTTP status. */
  async function deliver(p: Prediction): Promise<number> {
    const body = JSON.stringify({ ...p, urls: { get: `${base}/v1/predictions/${p.id}`, cancel: `${base}/v1/predictions/${p.id}/cancel` } });
    const id = `msg_${randomBytes(8).toString("hex")}`;
    const timestamp = Math.floor(Date.now() / 1000);
    const res = await fetch(p.webhook!, {
      method: "POST",
      headers: { "content-type": "application/json", "webhook-id": id, "webhook-timestamp": String(timestamp), "webhook-signature": sign(id, timestamp, body) },
      body,
    });
    await res.arrayBuffer();
    return res.status;
  }

  function autoDeliver(p: Prediction, modelMs: number) {
    const record: Delivery = { predictionId: p.id, createdAt: performance.now() };
    deliveries.set(p.id, record);
    if (!p.webhook) return;
    // Like Replicate, only the events the prediction asked for (no filter: all of them).
    const wants = (event: string) => !p.webhook_events_filter || p.webhook_events_filter.includes(event);
    if (wants("start")) {
      setTimeout(() => {
        p.status = "processing";
        void deliver(p).catch(() => undefined);
      }, 0);
    }
    setTimeout(async () => {
      p.status = "succeeded";
      p.output = [`${base}/outputs/${p.id}.jpg`];
      record.completedSentAt = performance.now();
      // Replicate retries a failed delivery; one retry after a second is enough here.
      for (let attempt = 0; attempt < 2; attempt++) {
        record.completedStatus = await deliver(p).catch(() => 0);
        if (record.completedStatus >= 200 && record.completedStatus < 300) break;
        await new Promise((r) => setTimeout(r, 1_000));
      }
      record.completedAnsweredAt = performance.now();
    }, modelMs);
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return { url: base, outputs, predictions, deliveries, close: () => new Promise<void>((r) => server.close(() => r())) };
}
