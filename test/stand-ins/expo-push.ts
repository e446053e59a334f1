// A local stand-in for Expo's push API (POST /--/api/v2/push/send); tests read what it
// received at GET /__received.
import http from "node:http";

export async function startExpoPushStandIn(accessToken: string) {
  const received: { to: string; title: string; body: string; data: Record<string, unknown> }[] = [];
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const send = (status: number, body: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (req.url === "/__received") return send(200, received);
    if (req.url !== "/--/api/v2/push/send" || req.method !== "POST") return send(404, { errors: [{ code: "NOT_FOUND" }] });
    if (req.headers.authorization !== `Bearer ${accessToken}`) return send(401, { errors: [{ code: "UNAUTHORIZED", message: "bad access token" }] });
    const messages = JSON.parse(Buffer.concat(chunks).toString()) as (typeof received)[number][];
    received.push(...messages);
    send(200, { data: messages.map(() => ({ status: "ok", id: crypto.randomUUID() })) });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}
