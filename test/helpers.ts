// Test helpers: requests through the real Worker entry (exports.default.fetch), unique users
// and client IPs so tests never share rate-limit buckets, and direct database access for
// asserting what was (or was not) written.
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import createClient from "openapi-fetch";
import type { components, paths } from "../mobile/src/api/schema";
import { loadConfig } from "../worker/env";
import { openDatabase, type DatabaseHandle } from "../worker/db/client";

let counter = 0;
const run = crypto.randomUUID().slice(0, 8);

export const uniqueEmail = (tag = "user") => `${tag}.${run}.${++counter}@example.com`;
/** A fresh client address per call: each test gets its own per-IP rate-limit bucket. */
export const uniqueIp = () => `198.51.${Math.floor(Math.random() * 255)}.${(++counter % 250) + 1}`;

export interface CallOptions {
  method?: string;
  body?: unknown;
  rawBody?: BodyInit;
  token?: string;
  headers?: Record<string, string>;
  ip?: string;
}

export async function call(path: string, opts: CallOptions = {}): Promise<Response> {
  return exports.default.fetch(buildRequest(path, opts));
}

/**
 * Like `call`, but through the Worker's fetch with its own execution context, and returns once
 * the work it left for after the response (ctx.waitUntil: emails, audit entries) has finished.
 * `envOverrides` replaces vars for this request only (e.g. a SendGrid key).
 */
export async function callSettled(path: string, opts: CallOptions = {}, envOverrides: Record<string, string | undefined> = {}): Promise<Response> {
  const { default: worker } = await import("../worker/index");
  const ctx = createExecutionContext();
  const res = await worker.fetch(buildRequest(path, opts), { ...env, ...envOverrides }, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

export function buildRequest(path: string, opts: CallOptions = {}): Request {
  const headers = new Headers(opts.headers);
  headers.set("cf-connecting-ip", opts.ip ?? uniqueIp());
  if (opts.token) headers.set("authorization", `Bearer ${opts.token}`);
  let body = opts.rawBody;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  return new Request(`http://api.test${path}`, { method: opts.method ?? (body ? "POST" : "GET"), headers, body });
}

/**
 * A response body read as T: name the type (a generated schema, `Problem`, `ResponseBody<...>`),
 * there is no default. Happy paths go through `api`, which types both sides from `paths`.
 */
export async function json<T>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

/** The generated OpenAPI schemas (mobile/src/api/schema.d.ts, from `npm run openapi:export`). */
export type Schemas = components["schemas"];
/** An RFC 9457 problem body, as every error response carries. */
export type Problem = Schemas["Problem"];

type JsonOf<R> = R extends { content: { "application/json": infer B } } ? B : never;
/** The JSON body the generated `paths` declare for a path, method and status. */
export type ResponseBody<P extends keyof paths, M extends keyof paths[P], S extends number> = paths[P][M] extends {
  responses: infer R;
}
  ? S extends keyof R
    ? JsonOf<R[S]>
    : never
  : never;

/** The served /openapi.json, as far as tests read it (index with `!`: keys are checked at run time). */
export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: {
    schemas: Record<string, { properties?: Record<string, { required?: string[] }> }>;
    securitySchemes: Record<string, { type?: string; scheme?: string; in?: string; name?: string }>;
  };
}
export interface OpenApiOperation {
  tags?: string[];
  requestBody?: { required?: boolean; content: Record<string, { schema: unknown }> };
  responses?: Record<string, { content?: Record<string, unknown> }>;
}

/**
 * A typed client for the Worker (openapi-fetch over the generated `paths`): requests go through
 * exports.default.fetch, each with its own client address unless one is given (see `uniqueIp`).
 * Pass the session with `headers: bearer(token)`.
 */
export const api = createClient<paths>({ baseUrl: "http://api.test", fetch: (req: Request) => exports.default.fetch(req) });
api.use({
  onRequest({ request }) {
    if (!request.headers.has("cf-connecting-ip")) request.headers.set("cf-connecting-ip", uniqueIp());
    return request;
  },
});

/** Headers for `api` calls: the bearer token, and optionally a fixed client address. */
export function bearer(token: string, ip?: string): Record<string, string> {
  return { authorization: `Bearer ${token}`, ...(ip ? { "cf-connecting-ip": ip } : {}) };
}

export interface TestUser {
  email: string;
  password: string;
  id: string;
  accessToken: string;
  refreshToken: string;
  sessionId: string;
}

export async function registerUser(overrides: { email?: string; password?: string; name?: string } = {}): Promise<TestUser> {
  const email = overrides.email ?? uniqueEmail();
  const password = overrides.password ?? "correct horse battery staple";
  const { data: body, response } = await api.POST("/v1/auth/register", { body: { email, password, ...(overrides.name ? { name: overrides.name } : {}) } });
  if (response.status !== 201 || !body) throw new Error(`register failed: ${response.status}`);
  return { email, password, id: body.user.id, accessToken: body.accessToken, refreshToken: body.refreshToken, sessionId: body.sessionId };
}

/** An adult date of birth: the dating features (/v1/dating/*) are 18+. */
export const ADULT_DATE_OF_BIRTH = "1994-06-30";

/** A registered user with an adult date of birth set, as the dating routes require. */
export async function registerAdult(overrides: { email?: string; password?: string; name?: string } = {}): Promise<TestUser> {
  const user = await registerUser(overrides);
  const { response } = await api.PATCH("/v1/me", { headers: bearer(user.accessToken), body: { dateOfBirth: ADULT_DATE_OF_BIRTH } });
  if (response.status !== 200) throw new Error(`setting the date of birth failed: ${response.status}`);
  return user;
}

/** Direct database access for assertions; close it in afterAll. */
export function testDatabase(): DatabaseHandle {
  return openDatabase(loadConfig(env));
}

export interface DbCost {
  connections: number;
  clientMessages: number;
  serverMessages: number;
  roundTrips: number;
  queries: number;
}

/** What a tag (a request id, or `UserAccount:<userId>`) has cost so far, from the local proxy's counters. */
export async function dbCostOf(tag: string): Promise<DbCost> {
  const res = await fetch(`http://${env.LOCAL_PG_PROXY}/counters?tag=${encodeURIComponent(tag)}`);
  if (!res.ok) throw new Error(`proxy counters: ${res.status}`);
  return (await res.json()) as DbCost;
}

/**
 * Calls a route with its own request id and waits for its after-response work, then reads what
 * it cost in database connections and round trips (every connection it opened is tagged with
 * that id: worker/db/client.ts).
 */
export async function callCounted(path: string, opts: CallOptions = {}): Promise<{ res: Response; cost: DbCost }> {
  const requestId = `rt-${crypto.randomUUID()}`;
  const res = await callSettled(path, { ...opts, headers: { ...opts.headers, "x-request-id": requestId } });
  await res.clone().arrayBuffer();
  return { res, cost: await dbCostOf(requestId) };
}
