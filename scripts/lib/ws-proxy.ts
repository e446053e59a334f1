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
// - Neon's SQL-over-HTTP endpoint (`POST /sql`, what `neon()` one-shot queries use), answered
//   by a connection pool held here next to Postgres, as Neon's proxy holds one: one request is
//   one round trip (delayed once each way), with no connection setup on the Worker's side.
import http from "node:http";
import net from "node:net";
import pg from "pg";
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

  const pools = new Map<string, pg.Pool>();
  // Values go back as Postgres' text, like Neon's endpoint: the driver parses them by type.
  const rawText = { getTypeParser: () => (value: string) => value };
  const sqlOverHttp = async (req: http.IncomingMessage, res: http.ServerResponse, tag: string | null) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { query: string; params?: unknown[] } | { queries: { query: string; params?: unknown[] }[] };
    const batch = "queries" in body ? body.queries : [body];
    bump(tag, "clientMessages");
    bump(tag, "roundTrips");
    bump(tag, "queries", batch.length);
    const connectionString = String(req.headers["neon-connection-string"] ?? "");
    const target = new URL(connectionString);
    if (!["127.0.0.1", "localhost"].includes(target.hostname)) throw new Error("only a loopback Postgres is allowed");
    let pool = pools.get(connectionString);
    if (!pool) pools.set(connectionString, (pool = new pg.Pool({ connectionString, max: 10 })));
    const client = await pool.connect();
    let answer: { status: number; body: unknown };
    try {
      const run = async (q: { query: string; params?: unknown[] }) => {
        const r = await client.query({ text: q.query, values: q.params ?? [], rowMode: "array", types: rawText });
        return { command: r.command, rowCount: r.rowCount, rows: r.rows, fields: r.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })), rowAsArray: true };
      };
      if ("queries" in body) {
        const isolation = req.headers["neon-batch-isolation-level"];
        const level = { ReadUncommitted: "read uncommitted", ReadCommitted: "read committed", RepeatableRead: "repeatable read", Serializable: "serializable" }[String(isolation)];
        await client.query(`begin${level ? ` isolation level ${level}` : ""}${req.headers["neon-batch-read-only"] === "true" ? " read only" : ""}`);
        try {
          const results = [];
          for (const q of batch) results.push(await run(q));
          await client.query("commit");
          answer = { status: 200, body: { results } };
        } catch (err) {
          await client.query("rollback").catch(() => {});
          throw err;
        }
      } else {
        answer = { status: 200, body: await run(batch[0]!) };
      }
    } catch (err) {
      const e = err as Record<string, unknown>;
      answer = { status: 400, body: { message: e.message, code: e.code, detail: e.detail, constraint: e.constraint, table: e.table, column: e.column, schema: e.schema } };
    } finally {
      client.release();
    }
    bump(tag, "serverMessages");
    // The request's way there (before Postgres saw it) and the answer's way back.
    setTimeout(() => {
      res.writeHead(answer.status, { "content-type": "application/json" });
      res.end(JSON.stringify(answer.body));
    }, 2 * latencyMs);
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://proxy");
    if (req.method === "POST" && url.pathname === "/sql") {
      return void sqlOverHttp(req, res, url.searchParams.get("tag") || null).catch((err: unknown) => {
        res.writeHead(500, { "content-type": "text/plain" });
        res.end(String(err));
      });
    }
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
        for (const pool of pools.values()) void pool.end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
