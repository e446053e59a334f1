// A local stand-in for the part of Stripe's REST API the Worker calls, speaking its protocol:
// form-encoded bodies, Bearer secret key, Idempotency-Key replays, Stripe-shaped JSON and errors.
// Tests read what it received at GET /__requests.
import http from "node:http";
import { randomBytes } from "node:crypto";

interface Received {
  method: string;
  path: string;
  idempotencyKey: string | undefined;
  form: Record<string, string>;
}

export async function startStripeStandIn(secretKey: string): Promise<{ url: string; close(): Promise<void> }> {
  const received: Received[] = [];
  const replays = new Map<string, string>();

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString();
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { "content-type": "application/json", "request-id": `req_${randomBytes(6).toString("hex")}` });
      res.end(typeof payload === "string" ? payload : JSON.stringify(payload));
    };

    if (req.method === "GET" && req.url === "/__requests") return send(200, received);
    if (req.headers.authorization !== `Bearer ${secretKey}`) {
      return send(401, { error: { type: "invalid_request_error", message: "Invalid API Key provided" } });
    }
    const form = Object.fromEntries(new URLSearchParams(body));
    const idempotencyKey = req.headers["idempotency-key"] as string | undefined;
    received.push({ method: req.method!, path: req.url!, idempotencyKey, form });

    if (idempotencyKey && replays.has(idempotencyKey)) return send(200, replays.get(idempotencyKey)!);

    if (req.method === "POST" && req.url === "/v1/checkout/sessions") {
      if (!form["line_items[0][price_data][unit_amount]"]) {
        return send(400, { error: { type: "invalid_request_error", message: "Missing required param: line_items[0][price_data]." } });
      }
      const id = `cs_test_${randomBytes(12).toString("hex")}`;
      const metadata = Object.fromEntries(
        Object.entries(form)
          .filter(([k]) => k.startsWith("metadata["))
          .map(([k, v]) => [k.slice(9, -1), v]),
      );
      const session = JSON.stringify({
        id,
        object: "checkout.session",
        mode: form.mode,
        url: `https://checkout.stripe.com/c/pay/${id}`,
        client_reference_id: form.client_reference_id,
        amount_total: Number(form["line_items[0][price_data][unit_amount]"]),
        currency: form["line_items[0][price_data][currency]"],
        metadata,
        payment_status: "unpaid",
        payment_intent: null,
        status: "open",
      });
      if (idempotencyKey) replays.set(idempotencyKey, session);
      return send(200, session);
    }
    send(404, { error: { type: "invalid_request_error", message: `Unrecognized request URL (${req.method}: ${req.url})` } });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}
