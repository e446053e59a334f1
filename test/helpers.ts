// Test helpers: requests through the real Worker entry (exports.default.fetch), unique users
// and client IPs so tests never share rate-limit buckets, and direct database access for
// asserting what was (or was not) written.
import { env } from "cloudflare:test";
import { exports } from "cloudflare:workers";
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
  const headers = new Headers(opts.headers);
  headers.set("cf-connecting-ip", opts.ip ?? uniqueIp());
  if (opts.token) headers.set("authorization", `Bearer ${opts.token}`);
  let body = opts.rawBody;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  return exports.default.fetch(new Request(`http://api.test${path}`, { method: opts.method ?? (body ? "POST" : "GET"), headers, body }));
}

export async function json<T = any>(res: Response): Promise<T> {
  return (await res.json()) as T;
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
  const res = await call("/v1/auth/register", { body: { email, password, ...(overrides.name ? { name: overrides.name } : {}) } });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${await res.text()}`);
  const body = await json(res);
  return { email, password, id: body.user.id, accessToken: body.accessToken, refreshToken: body.refreshToken, sessionId: body.sessionId };
}

/** Direct database access for assertions; close it in afterAll. */
export function testDatabase(): DatabaseHandle {
  return openDatabase(loadConfig(env));
}
