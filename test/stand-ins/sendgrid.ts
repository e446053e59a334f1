// A local stand-in for SendGrid's v3 Mail Send API (POST /v3/mail/send), speaking its protocol:
// Bearer API key, a JSON body with personalizations / from / subject / content, 202 with an
// empty body and an X-Message-Id header on success, `{ errors: [{ message, field, help }] }`
// otherwise. GET /__requests returns what it accepted (with the Authorization header) for
// assertions.
import http from "node:http";
import { randomBytes } from "node:crypto";

interface Received {
  authorization: string | undefined;
  contentType: string | undefined;
  body: Record<string, unknown>;
}

type Problem = { message: string; field: string | null; help: string | null };

const isAddress = (a: unknown) =>
  typeof a === "object" && a !== null && typeof (a as { email?: unknown }).email === "string" && /^[^@\s]+@[^@\s]+$/.test((a as { email: string }).email);

/** The checks SendGrid makes on a mail/send body (the ones our sender could get wrong). */
function validate(body: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  const problem = (message: string, field: string | null) => problems.push({ message, field, help: null });
  const personalizations = body.personalizations as { to?: unknown[] }[] | undefined;
  if (!Array.isArray(personalizations) || personalizations.length === 0)
    problem("The personalizations field is required and must have at least one personalization.", "personalizations");
  else if (personalizations.some((p) => !Array.isArray(p.to) || p.to.length === 0 || !p.to.every(isAddress))) {
    problem("Each personalization must have a 'to' array with at least one valid email object.", "personalizations.0.to");
  }
  if (!isAddress(body.from)) problem("The from object must be provided for every email send. It is an object that requires an email parameter.", "from.email");
  if (typeof body.subject !== "string" || !body.subject) problem("The subject is required.", "subject");
  const content = body.content as { type?: unknown; value?: unknown }[] | undefined;
  if (!Array.isArray(content) || content.length === 0) problem("Unless a valid template_id is provided, the content parameter is required.", "content");
  else {
    if (content.some((c) => typeof c.type !== "string" || typeof c.value !== "string" || !c.value)) problem("Content must have a type and a non-empty value.", "content");
    const plain = content.findIndex((c) => c.type === "text/plain");
    if (plain > 0) problem("If present, text/plain content must be first, followed by any other content.", "content.0.type");
  }
  return problems;
}

export async function startSendGridStandIn(apiKey: string): Promise<{ url: string; close(): Promise<void> }> {
  const received: Received[] = [];

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString();
    const send = (status: number, payload?: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, payload === undefined ? headers : { "content-type": "application/json", ...headers });
      res.end(payload === undefined ? undefined : JSON.stringify(payload));
    };
    const errors = (status: number, list: Problem[]) => send(status, { errors: list });

    if (req.method === "GET" && req.url === "/__requests") return send(200, received);
    if (req.method !== "POST" || req.url !== "/v3/mail/send") return errors(404, [{ message: "resource not found", field: null, help: null }]);
    if (req.headers.authorization !== `Bearer ${apiKey}`) {
      return errors(401, [{ message: "The provided authorization grant is invalid, expired, or revoked", field: null, help: null }]);
    }
    if (!/^application\/json/.test(req.headers["content-type"] ?? "")) return errors(415, [{ message: "Content-Type should be application/json.", field: null, help: null }]);
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw);
    } catch {
      return errors(400, [{ message: "Bad Request", field: null, help: null }]);
    }
    const problems = validate(body);
    if (problems.length) return errors(400, problems);
    received.push({ authorization: req.headers.authorization, contentType: req.headers["content-type"], body });
    send(202, undefined, { "x-message-id": randomBytes(11).toString("base64url") });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
