// WebSocket-to-TCP proxy so the Neon serverless driver can reach a plain Postgres locally.
// Production talks to Neon's own proxy; this exists only for dev, tests and benchmarks.
//
// It also measures and simulates distance to the database:
// - Counters per tag: the Worker names each connection after the request (or Durable Object)
//   that opened it (`?tag=` on the WebSocket URL, see worker/db/client.ts), and
//   `GET /counters?tag=<request id>` answers what that request cost: connections, messages each
//   way, and round trips (the WebSocket handshake, plus every time the client speaks again after
//   the server answered). `GET /counters` gives the totals.
// - A delay each way (`latencyMs`, `DB_LATENCY_MS` in the dev stack and the bench, or
//   `PUT /latency?ms=40` at run time): every message waits that long before it is forwarded, and
//   the handshake waits twice that (request and response), as if Postgres were that far away.
import http from "node:http";
import net from "node:net";
import { WebSocketServer, type WebSocket } from "ws";

export interface WsProxy {
  port: number;
  /** The one-way delay now applied (ms). */
  readonly latencyMs: number;
  setLatency(ms: number): void;
  counters(tag?: string): TagCounters;
  close(): Promise<void>;
}

export interface TagCounters {
  connections: number;
  /** WebSocket messages from the driver to Postgres. */
  clientMessages: number;
  /** WebSocket messages from Postgres to the driver. */
  serverMessages: number;
  /** Handshakes + each client turn that follows a server answer: what distance multiplies. */
  roundTrips: number;
  /** Statements sent (simple queries, and extended-protocol Syncs): BEGIN and COMMIT count too. */
  queries: number;
}

/** Tags kept (oldest forgotten first): plenty for a test suite or a bench run. */
const MAX_TAGS = 50_000;

/** Postgres frontend Terminate message: 'X' followed by int32 length 4. */
function isTerminate(chunk: Buffer): boolean {
  return chunk.length >= 5 && chunk[chunk.length - 5] === 0x58 && chunk.readInt32BE(chunk.length - 4) === 4;
}

const emptyCounters = (): TagCounters => ({ connections: 0, clientMessages: 0, serverMessages: 0, roundTrips: 0, queries: 0 });

/**
 * Counts the statements in the frontend messages of one WebSocket frame: 'Q' (simple query) and
 * 'S' (the Sync ending an extended-protocol query). The first message of a connection is the
 * startup packet, which has no type byte.
 */
function countStatements(chunk: Buffer, state: { startupSeen: boolean }): number {
  let n = 0;
  let at = 0;
  if (!state.startupSeen && chunk.length >= 4) {
    state.startupSeen = true;
    at = chunk.readInt32BE(0);
  }
  while (at + 5 <= chunk.length) {
    const type = chunk[at]!;
    if (type === 0x51 /* Q */ || type === 0x53 /* S */) n++;
    at += 1 + chunk.readInt32BE(at + 1);
  }
  return n;
}

/** Runs callbacks after `delay()` ms, never out of order even when the delay changes. */
function delayedQueue(delay: () => number) {
  let lastDue = 0;
  return (fn: () => void) => {
    const ms = delay();
    if (ms <= 0 && lastDue <= Date.now()) return fn();
    const due = Math.max(Date.now() + ms, lastDue);
    lastDue = due;
    setTimeout(fn, due - Date.now());
  };
}

export async function startWsProxy(target: { host: string; port: number }, opts: { listenPort?: number; latencyMs?: number } = {}): Promise<WsProxy> {
  let latencyMs = opts.latencyMs ?? 0;
  const totals = emptyCounters();
  const byTag = new Map<string, TagCounters>();
  const countersOf = (tag: string) => {
    let c = byTag.get(tag);
    if (!c) {
      if (byTag.size >= MAX_TAGS) byTag.delete(byTag.keys().next().value!);
      c = emptyCounters();
      byTag.set(tag, c);
    }
    return c;
  };
  const bump = (tag: string | null, key: keyof TagCounters, by = 1) => {
    totals[key] += by;
    if (tag) countersOf(tag)[key] += by;
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://proxy");
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.method === "GET" && url.pathname === "/counters") {
      const tag = url.searchParams.get("tag");
      return send(200, tag === null ? totals : (byTag.get(tag) ?? emptyCounters()));
    }
    if (req.method === "PUT" && url.pathname === "/latency") {
      const ms = Number(url.searchParams.get("ms"));
      if (!Number.isFinite(ms) || ms < 0 || ms > 10_000) return send(400, { error: "ms must be 0-10000" });
      latencyMs = ms;
      return send(200, { latencyMs });
    }
    send(404, { error: "GET /counters[?tag=], PUT /latency?ms=, or a WebSocket" });
  });

  const wss = new WebSocketServer({
    server,
    perMessageDeflate: false,
    // The upgrade is a request and a response: one round trip of simulated distance.
    verifyClient: (_info, done) => (latencyMs > 0 ? setTimeout(() => done(true), 2 * latencyMs) : done(true)),
  });
  const open = new Set<{ ws: WebSocket; tcp: net.Socket }>();

  wss.on("connection", (ws, req) => {
    const params = new URL(req.url ?? "/", "http://proxy").searchParams;
    // Like Neon's proxy, the client may name the Postgres address (`?address=host:port`); only
    // loopback is allowed. Without it, the proxy's own target is used.
    const requested = params.get("address");
    const m = requested ? /^(127\.0\.0\.1|localhost):(\d{1,5})$/.exec(requested) : null;
    if (requested && !m) return ws.close(1008, "address not allowed");
    const tag = params.get("tag") || null;
    bump(tag, "connections");
    bump(tag, "roundTrips");
    // True once the server has answered since the client last spoke: the next client message
    // is a new round trip.
    let serverSpoke = true;
    const parse = { startupSeen: false };

    const tcp = m ? net.connect(Number(m[2]), m[1]!) : net.connect(target.port, target.host);
    tcp.setNoDelay(true);
    const pair = { ws, tcp };
    open.add(pair);
    const pending: Buffer[] = [];
    let connected = false;
    const toServer = delayedQueue(() => latencyMs);
    const toClient = delayedQueue(() => latencyMs);
    const closeBoth = () => {
      open.delete(pair);
      if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close();
      tcp.destroy();
    };
    tcp.on("connect", () => {
      connected = true;
      for (const b of pending) tcp.write(b);
      pending.length = 0;
    });
    tcp.on("data", (data) => {
      bump(tag, "serverMessages");
      serverSpoke = true;
      toClient(() => ws.readyState === ws.OPEN && ws.send(data));
    });
    tcp.on("close", closeBoth);
    tcp.on("error", closeBoth);
    ws.on("message", (data: Buffer) => {
      bump(tag, "clientMessages");
      const statements = countStatements(data, parse);
      if (statements) bump(tag, "queries", statements);
      if (serverSpoke && !isTerminate(data)) bump(tag, "roundTrips");
      serverSpoke = false;
      toServer(() => {
        if (connected) tcp.write(data);
        else pending.push(data);
        // The driver waits for the server to hang up after Terminate; without this pool.end() hangs.
        if (isTerminate(data)) setTimeout(closeBoth, 10);
      });
    });
    ws.on("close", closeBoth);
    ws.on("error", closeBoth);
  });

  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
    server.listen(opts.listenPort ?? 0, "127.0.0.1");
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : (opts.listenPort ?? 0);
  return {
    port,
    get latencyMs() {
      return latencyMs;
    },
    setLatency: (ms: number) => void (latencyMs = ms),
    counters: (tag?: string) => (tag === undefined ? { ...totals } : { ...(byTag.get(tag) ?? emptyCounters()) }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const p of open) {
          p.tcp.destroy();
          p.ws.terminate();
        }
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
