// A local stand-in for OpenAI's Chat Completions API (POST /v1/chat/completions), speaking its
// protocol: Bearer key, JSON body, `response_format: json_schema` (strict), chat.completion
// responses with `content` or `refusal`, OpenAI-shaped errors. The Worker talks to it through
// the real `openai` SDK.
//
// Behaviour is chosen per request, so concurrent tests never interfere:
// - by a marker anywhere in the user message: `standin:<behaviour>` or `standin:<behaviour>:<nonce>`
//   ("-once" behaviours misbehave on the first call for that marker, then answer normally);
// - or by the model name `standin-<behaviour>` (for tests that need their own circuit breaker).
// Behaviours: normal (default), malformed, malformed-once, wrong-shape, fewer, overlong, refusal,
// 500-once, 429-once, always-500, leak, contact, unsafe, slow.
// GET /__requests returns every request body received, for assertions.
//
// Also POST /v1/moderations (omni-moderation): image inputs as base64 data URLs are decoded and
// flagged for every `standin-moderation:<category>` marker found in their bytes (e.g. the bytes
// "standin-moderation:sexual"), clean otherwise; the bytes "standin-moderation-outage" make it
// answer 500 (an outage). GET /__moderations lists what was received.
import http from "node:http";
import sharp from "sharp";
import { randomBytes } from "node:crypto";

interface ChatRequest {
  model: string;
  messages: { role: string; content: string | ({ type: "text"; text: string } | { type: "image_url"; image_url: { url: string } })[] }[];
  response_format?: { type: string; json_schema?: { name: string; strict?: boolean; schema: unknown } };
}

const FACTS = /<user_facts>\n([\s\S]*?)\n<\/user_facts>/;

function task(user: string) {
  const variants = Number(/write (\d+) /.exec(user)?.[1] ?? 1);
  const maxChars = Number(/at most (\d+) characters/.exec(user)?.[1] ?? 500);
  const hinge = /Allowed Hinge prompts/.test(user);
  let facts: { interests?: string[]; specifics?: string[]; work?: string } = {};
  const block = FACTS.exec(user)?.[1];
  if (block) facts = JSON.parse(block);
  return { variants, maxChars, hinge, facts };
}

/** A plausible answer built from the facts, within the limit, like a well-behaved model. */
function normalBios(user: string) {
  const { variants, maxChars, hinge, facts } = task(user);
  const interests = facts.interests ?? ["good conversation"];
  const specifics = facts.specifics ?? [];
  return Array.from({ length: variants }, (_, i) => {
    const specific = specifics[i % Math.max(1, specifics.length)] ?? interests[0]!;
    const interest = interests[i % interests.length]!;
    let text = `Model bio ${i + 1}: ${specific}. Big on ${interest}. What's your take on ${interest}?`;
    if (text.length > maxChars) text = `${specific.slice(0, maxChars - 20)}. Your take?`;
    return { text, hinge_prompt: hinge ? "I geek out on" : null };
  });
}

interface ModerationRequest {
  model?: string;
  input: string | string[] | ({ type: "text"; text: string } | { type: "image_url"; image_url: { url: string } })[];
}

const MODERATION_CATEGORIES = [
  "harassment",
  "harassment/threatening",
  "hate",
  "hate/threatening",
  "illicit",
  "illicit/violent",
  "self-harm",
  "self-harm/instructions",
  "self-harm/intent",
  "sexual",
  "sexual/minors",
  "violence",
  "violence/graphic",
] as const;

/** One moderation result over all inputs, shaped like OpenAI's (categories, scores, input types). */
async function moderate(body: ModerationRequest) {
  if (!Array.isArray(body.input)) return { error: "This stand-in expects an array of multi-modal inputs." };
  const flagged = new Set<string>();
  for (const part of body.input) {
    if (typeof part === "string" || part.type !== "image_url") continue;
    const m = /^data:(image\/(?:png|jpeg|webp|gif));base64,([A-Za-z0-9+/=]+)$/.exec(part.image_url.url);
    if (!m) return { error: "image_url must be a base64 data URL of a PNG, JPEG, WEBP or GIF image." };
    const bytes = Buffer.from(m[2]!, "base64").toString("latin1");
    if (bytes.includes("standin-moderation-outage")) return { outage: true };
    for (const marker of bytes.matchAll(/standin-moderation:([a-z/-]+)/g)) {
      if ((MODERATION_CATEGORIES as readonly string[]).includes(marker[1]!)) flagged.add(marker[1]!);
    }
    // Content-based too, so it survives re-encoding: a frame that is mostly saturated red reads
    // as graphic violence (the API's own behaviour on such images is of course subtler).
    const { channels } = await sharp(Buffer.from(m[2]!, "base64")).stats();
    const [r, g, b] = channels.map((c) => c.mean);
    if (r! > 170 && g! < 80 && b! < 80) flagged.add("violence/graphic");
  }
  const each = <T>(value: (c: string) => T) => Object.fromEntries(MODERATION_CATEGORIES.map((c) => [c, value(c)]));
  return {
    id: `modr-${randomBytes(8).toString("hex")}`,
    model: body.model ?? "omni-moderation-latest",
    results: [
      {
        flagged: flagged.size > 0,
        categories: each((c) => flagged.has(c)),
        category_scores: each((c) => (flagged.has(c) ? 0.97 : 0.0004)),
        category_applied_input_types: each((c) => (c.startsWith("sexual") || c.startsWith("violence") || c.startsWith("self-harm") ? ["image"] : [])),
      },
    ],
  };
}

export async function startOpenAiStandIn(apiKey: string): Promise<{ url: string; close(): Promise<void> }> {
  const received: ChatRequest[] = [];
  const moderationRequests: ModerationRequest[] = [];
  const calls = new Map<string, number>();

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString();
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", "x-request-id": `req_${randomBytes(6).toString("hex")}`, ...headers });
      res.end(JSON.stringify(payload));
    };
    const error = (status: number, message: string, type: string, headers: Record<string, string> = {}) =>
      send(status, { error: { message, type, param: null, code: null } }, headers);

    if (req.method === "GET" && req.url === "/__requests") return send(200, received);
    if (req.method === "GET" && req.url === "/__moderations") return send(200, moderationRequests);
    if (req.headers.authorization !== `Bearer ${apiKey}`) return error(401, "Incorrect API key provided.", "invalid_request_error");
    if (req.method === "POST" && req.url === "/v1/moderations") {
      const body = JSON.parse(raw) as ModerationRequest;
      moderationRequests.push(body);
      const result = await moderate(body);
      if (result.outage) return error(500, "The server had an error while processing your request.", "server_error", { "retry-after-ms": "10" });
      if (result.error) return error(400, result.error, "invalid_request_error");
      return send(200, result);
    }
    if (req.method !== "POST" || req.url !== "/v1/chat/completions") return error(404, `Unknown route ${req.method} ${req.url}`, "invalid_request_error");

    const body = JSON.parse(raw) as ChatRequest;
    received.push(body);
    if (body.response_format?.type !== "json_schema" || body.response_format.json_schema?.strict !== true) {
      return error(400, "This stand-in only answers strict json_schema structured outputs.", "invalid_request_error");
    }
    const text = (content: ChatRequest["messages"][number]["content"] | undefined) =>
      typeof content === "string" ? content : (content ?? []).map((p) => (p.type === "text" ? p.text : "")).join("\n");
    const system = text(body.messages.find((m) => m.role === "system")?.content);
    const user = text(body.messages.find((m) => m.role === "user")?.content);

    const marker = /standin:([a-z0-9-]+)(?::([a-z0-9-]+))?/.exec(user);
    const behaviour = body.model.startsWith("standin-") ? body.model.slice("standin-".length) : (marker?.[1] ?? "normal");
    const key = `${behaviour}:${marker?.[2] ?? ""}:${body.model}`;
    const n = (calls.get(key) ?? 0) + 1;
    calls.set(key, n);

    const answer = (content: string | null, refusal: string | null = null) =>
      send(200, {
        id: `chatcmpl-${randomBytes(8).toString("hex")}`,
        object: "chat.completion",
        created: Math.floor(Date.now() / 1000),
        model: body.model,
        choices: [{ index: 0, message: { role: "assistant", content, refusal, annotations: [] }, logprobs: null, finish_reason: "stop" }],
        usage: { prompt_tokens: 200, completion_tokens: 120, total_tokens: 320 },
      });
    if (body.response_format.json_schema?.name === "photo_judgement") return judgePhoto(behaviour, user, body, answer, error);
    const bios = (list: unknown[]) => answer(JSON.stringify({ bios: list }));
    const { maxChars } = task(user);

    switch (behaviour) {
      case "malformed":
        return answer('{"bios": [{"text": "cut off in the mid');
      case "malformed-once":
        return n === 1 ? answer("Sure! Here are your bios: ...") : bios(normalBios(user));
      case "wrong-shape":
        return answer(JSON.stringify({ bio: "a single bio, not the schema", ignore: true }));
      case "fewer":
        return bios(normalBios(user).slice(0, 1));
      case "overlong": {
        const long = Array.from({ length: 40 }, (_, i) => `Sentence number ${i + 1} about long walks and longer stories.`).join(" ");
        return bios(normalBios(user).map((b) => ({ ...b, text: `${b.text} ${long}`.slice(0, maxChars * 2) })));
      }
      case "refusal":
        return answer(null, "I'm sorry, but I can't help with that request.");
      case "500-once":
        return n === 1 ? error(500, "The server had an error while processing your request.", "server_error", { "retry-after-ms": "10" }) : bios(normalBios(user));
      case "429-once":
        return n === 1 ? error(429, "Rate limit reached for requests.", "requests", { "retry-after-ms": "10" }) : bios(normalBios(user));
      case "always-500":
        return error(500, "The server had an error while processing your request.", "server_error", { "retry-after-ms": "10" });
      case "leak":
        // A model that obeyed an injected instruction and printed its instructions.
        return bios(normalBios(user).map((b) => ({ ...b, text: system.slice(0, Math.min(maxChars, 140)) })));
      case "contact":
        return bios(normalBios(user).map((b) => ({ ...b, text: `${b.text} Text me at sam.k@example.com or snap: samk_99`.slice(0, maxChars) })));
      case "unsafe":
        return bios(normalBios(user).map((b) => ({ ...b, text: "Send nudes and we'll see. What's your type?" })));
      case "slow":
        await new Promise((r) => setTimeout(r, 3_000));
        if (res.destroyed) return;
        return bios(normalBios(user));
      default:
        return bios(normalBios(user));
    }
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

/**
 * Photo judgements (structured output named `photo_judgement`): a plausible answer derived from
 * the measurements the Worker sends, or a failure chosen by the model name
 * (`standin-always-500`, `standin-malformed`, `standin-refusal`, `standin-wrong-shape`).
 */
function judgePhoto(
  behaviour: string,
  user: string,
  body: ChatRequest,
  answer: (content: string | null, refusal?: string | null) => void,
  error: (status: number, message: string, type: string, headers?: Record<string, string>) => void,
) {
  const hasImage = body.messages.some((m) => Array.isArray(m.content) && m.content.some((p) => p.type === "image_url" && /^data:image\/jpeg;base64,/.test(p.image_url.url)));
  if (!hasImage) return error(400, "Expected a JPEG image as a base64 data URL.", "invalid_request_error");
  switch (behaviour) {
    case "always-500":
      return error(500, "The server had an error while processing your request.", "server_error", { "retry-after-ms": "10" });
    case "malformed":
      return answer('{"photoType": "selfie", "expression": ');
    case "wrong-shape":
      return answer(JSON.stringify({ photoType: "selfie", score: 97 }));
    case "refusal":
      return answer(null, "I'm sorry, but I can't help with that request.");
  }
  const m = JSON.parse(/Measurements \(from pixels\): (\{.*\})/.exec(user)?.[1] ?? "{}") as { faces?: number; defects?: string[] };
  const faces = m.faces ?? 0;
  const dark = m.defects?.includes("too_dark");
  answer(
    JSON.stringify({
      photoType: faces === 0 ? "no_person" : faces > 1 ? "group" : "close_up",
      expression: faces === 0 ? "not_visible" : "genuine_smile",
      eyeContact: faces === 0 ? "not_visible" : "with_camera",
      sunglasses: false,
      hat: false,
      heavyFilter: false,
      setting: dark ? "dim room" : "outdoors in daylight",
      outfit: "casual jacket",
      approachability: dark ? 5 : 8,
      impressions: {
        smart: { score: 7, why: "neat and composed" },
        trustworthy: { score: dark ? 5 : 8, why: dark ? "hard to see the face" : "open, relaxed smile" },
        attractive: { score: 7, why: "flattering angle" },
      },
      topFix: dark ? "Move next to a window so your face is evenly lit." : "Try a slightly closer crop so your face fills a third of the frame.",
    }),
  );
}
