// WebSocket-to-TCP proxy so the Neon serverless driver can reach a plain Postgres locally.
// Production talks to Neon's own proxy; this exists only for dev, tests and benchmarks.
import net from "node:net";
import { WebSocketServer, type WebSocket } from "ws";

export interface WsProxy {
  port: number;
  close(): Promise<void>;
}

/** Postgres frontend Terminate message: 'X' followed by int32 length 4. */
function isTerminate(chunk: Buffer): boolean {
  return chunk.length >= 5 && chunk[chunk.length - 5] === 0x58 && chunk.readInt32BE(chunk.length - 4) === 4;
}

export async function startWsProxy(target: { host: string; port: number }, listenPort = 0): Promise<WsProxy> {
  const wss = new WebSocketServer({ host: "127.0.0.1", port: listenPort, perMessageDeflate: false });
  const open = new Set<{ ws: WebSocket; tcp: net.Socket }>();

  wss.on("connection", (ws, req) => {
    // Like Neon's proxy, the client may name the Postgres address (`?address=host:port`); only
    // loopback is allowed. Without it, the proxy's own target is used.
    const requested = new URL(req.url ?? "/", "http://proxy").searchParams.get("address");
    const m = requested ? /^(127\.0\.0\.1|localhost):(\d{1,5})$/.exec(requested) : null;
    if (requested && !m) return ws.close(1008, "address not allowed");
    const tcp = m ? net.connect(Number(m[2]), m[1]!) : net.connect(target.port, target.host);
    tcp.setNoDelay(true);
    const pair = { ws, tcp };
    open.add(pair);
    const pending: Buffer[] = [];
    let connected = false;
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
    tcp.on("data", (data) => ws.readyState === ws.OPEN && ws.send(data));
    tcp.on("close", closeBoth);
    tcp.on("error", closeBoth);
    ws.on("message", (data: Buffer) => {
      if (connected) tcp.write(data);
      else pending.push(data);
      // The driver waits for the server to hang up after Terminate; without this pool.end() hangs.
      if (isTerminate(data)) setTimeout(closeBoth, 10);
    });
    ws.on("close", closeBoth);
    ws.on("error", closeBoth);
  });

  await new Promise<void>((resolve, reject) => {
    wss.once("listening", resolve);
    wss.once("error", reject);
  });
  const address = wss.address();
  const port = typeof address === "object" && address ? address.port : listenPort;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const p of open) {
          p.tcp.destroy();
          p.ws.terminate();
        }
        wss.close(() => resolve());
      }),
  };
}
