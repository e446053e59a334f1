// A local stand-in for Mixpanel's ingestion endpoint POST /import?strict=1: project token as the
// Basic-auth username, a JSON array of events, per-record validation like strict mode (time,
// distinct_id, $insert_id required), Mixpanel-shaped answers. GET /__events returns what was
// imported. An event whose properties carry `screen: "mixpanel-503-once"` makes the first
// request containing it fail with 503 (to exercise the forwarder's retry).
import http from "node:http";

interface MixpanelEvent {
  event: string;
  properties: Record<string, unknown>;
}

export async function startMixpanelStandIn(token: string): Promise<{ url: string; close(): Promise<void> }> {
  const imported: MixpanelEvent[] = [];
  const failedOnce = new Set<string>();
  let requests = 0;

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(payload));
    };
    if (req.method === "GET" && req.url === "/__events") return send(200, { requests, events: imported });
    if (req.method !== "POST" || !req.url?.startsWith("/import")) return send(404, { code: 404, error: "not found", status: "Not Found" });
    requests++;
    if (req.headers.authorization !== `Basic ${Buffer.from(`${token}:`).toString("base64")}`) {
      return send(401, { code: 401, error: "Unauthorized, invalid project token", status: "Unauthorized" });
    }
    let events: MixpanelEvent[];
    try {
      events = JSON.parse(Buffer.concat(chunks).toString());
      if (!Array.isArray(events)) throw new Error("not an array");
    } catch {
      return send(400, { code: 400, error: "unable to parse body as JSON array", status: "Bad Request" });
    }
    const flaky = events.find((e) => e.properties?.screen === "mixpanel-503-once");
    if (flaky && !failedOnce.has(String(flaky.properties.$insert_id))) {
      failedOnce.add(String(flaky.properties.$insert_id));
      return send(503, { code: 503, error: "service unavailable", status: "Service Unavailable" });
    }
    const failed = events.flatMap((e, index) => {
      const p = e.properties ?? {};
      const problem =
        typeof e.event !== "string"
          ? "event"
          : typeof p.time !== "number"
            ? "properties.time"
            : typeof p.distinct_id !== "string"
              ? "properties.distinct_id"
              : typeof p.$insert_id !== "string"
                ? "properties.$insert_id"
                : null;
      return problem ? [{ index, insert_id: String(p.$insert_id ?? ""), field: problem, message: `'${problem}' is invalid` }] : [];
    });
    const good = events.filter((_, i) => !failed.some((f) => f.index === i));
    imported.push(...good);
    if (failed.length)
      return send(400, { code: 400, error: "some data points in the request failed validation", status: "Bad Request", num_records_imported: good.length, failed_records: failed });
    send(200, { code: 200, num_records_imported: good.length, status: "OK" });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}
