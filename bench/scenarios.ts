// What `npm run bench` measures, in order. Add a route by adding an object: `request` returns
// an autocannon request, and `setupRequest` can vary it per request (body, headers).
import type autocannon from "autocannon";

export interface BenchUser {
  email: string;
  password: string;
  accessToken: string;
}

export interface BenchContext {
  users: BenchUser[];
  /** Photos uploaded by users[0] before the run (for the analysis scenario). */
  photoIds: string[];
  /** Round-robin over all users: spreads logins below the per-account rate limit. */
  nextUser(): BenchUser;
  /** A different client address every call: each request gets its own per-IP rate-limit bucket. */
  nextIp(): string;
}

export interface Scenario {
  /** Stable key used by the report (ratios, the KDF estimate). */
  id: string;
  /** Shown in the results table. */
  route: string;
  /** What one request costs the server. */
  exercises: string;
  connections?: number;
  durationSeconds?: number;
  request(ctx: BenchContext): autocannon.Request;
}

export const DEFAULT_CONNECTIONS = 10;
export const DEFAULT_DURATION_SECONDS = 8;

const authorized = (ctx: BenchContext) => ({ authorization: `Bearer ${ctx.users[0]!.accessToken}` });

const login = (ctx: BenchContext): autocannon.Request => ({
  method: "POST",
  path: "/v1/auth/login",
  setupRequest: (req) => {
    const user = ctx.nextUser();
    return {
      ...req,
      headers: { "content-type": "application/json", "cf-connecting-ip": ctx.nextIp() },
      body: JSON.stringify({ email: user.email, password: user.password }),
    };
  },
});

/** Users whose balance the ledger scenarios spend (granted credits before the run). */
export const LEDGER_USERS = 50;

const spend =
  (pick: (ctx: BenchContext) => BenchUser) =>
  (ctx: BenchContext): autocannon.Request => ({
    method: "POST",
    path: "/dev/credits/spend",
    setupRequest: (req) => ({ ...req, headers: { authorization: `Bearer ${pick(ctx).accessToken}` } }),
  });

let ledgerNext = 0;
const oneUser = spend((ctx) => ctx.users[0]!);
const manyUsers = spend((ctx) => ctx.users[ledgerNext++ % Math.min(LEDGER_USERS, ctx.users.length)]!);

export const scenarios: Scenario[] = [
  {
    id: "live",
    route: "GET /health/live",
    exercises: "no-op baseline: routing, middleware, JSON",
    request: () => ({ method: "GET", path: "/health/live" }),
  },
  {
    id: "health",
    route: "GET /health",
    exercises: "one query on a new Postgres connection",
    request: () => ({ method: "GET", path: "/health" }),
  },
  {
    id: "me",
    route: "GET /v1/me",
    exercises: "JWT verification + profile read",
    request: (ctx) => ({ method: "GET", path: "/v1/me", headers: authorized(ctx) }),
  },
  {
    id: "login",
    route: "POST /v1/auth/login",
    exercises: "rate limits + user lookup + Argon2id verify + new session and tokens",
    request: login,
  },
  // Unloaded (1 connection) pair for the KDF estimate: at 10 connections CPU-bound logins queue
  // behind each other in the single Worker isolate, so their latency is mostly waiting.
  {
    id: "me-1c",
    route: "GET /v1/me",
    exercises: "as above, 1 connection",
    connections: 1,
    durationSeconds: 4,
    request: (ctx) => ({ method: "GET", path: "/v1/me", headers: authorized(ctx) }),
  },
  {
    id: "login-1c",
    route: "POST /v1/auth/login",
    exercises: "as above, 1 connection",
    connections: 1,
    durationSeconds: 4,
    request: login,
  },
  // The credit ledger: reserve + commit of one credit through the user's UserAccount object
  // (dev-only route; JWT check + two RPCs, no Postgres on the request path).
  { id: "spend-1u-10c", route: "reserve+commit, 1 user", exercises: "one UserAccount object serializes every spend", connections: 10, request: oneUser },
  { id: "spend-1u-50c", route: "reserve+commit, 1 user", exercises: "as above", connections: 50, request: oneUser },
  { id: "spend-50u-10c", route: "reserve+commit, 50 users", exercises: "50 objects in parallel", connections: 10, request: manyUsers },
  { id: "spend-50u-50c", route: "reserve+commit, 50 users", exercises: "as above", connections: 50, request: manyUsers },
  // A 6-photo dating analysis, local-only (no OpenAI key): scoring, set rules, credits, rows.
  {
    id: "analysis-6",
    route: "POST /v1/dating/analyses (6 photos)",
    exercises: "reserve, score 6 measured photos, 3 platform orders, store, commit",
    connections: 1,
    durationSeconds: 6,
    request: (ctx) => ({
      method: "POST",
      path: "/v1/dating/analyses",
      setupRequest: (req) => ({
        ...req,
        headers: { authorization: `Bearer ${ctx.users[0]!.accessToken}`, "content-type": "application/json", "idempotency-key": crypto.randomUUID() },
        body: JSON.stringify({ photoIds: ctx.photoIds }),
      }),
    }),
  },
];
