// The network boundary for tests: replaces global fetch with a router of canned answers, and
// records every request. Bodies are typed from the generated schema, so fixtures follow the API.
import type { Balance, HeadshotGeneration, Profile, TokenPair } from "../src/api/types";
import type { ProblemCode } from "../src/api/types";

export interface Recorded {
  method: string;
  path: string;
  url: URL;
  headers: Headers;
  body: unknown;
}

type Answer = Response | ((req: Recorded) => Response | Promise<Response>);

export const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

export const noContent = () => new Response(null, { status: 204 });

export const problem = (code: ProblemCode, status: number, title = "Problem", extra: Record<string, unknown> = {}) =>
  new Response(JSON.stringify({ type: `https://firstlook.app/problems/${code}`, title, status, code, ...extra }), {
    status,
    headers: { "content-type": "application/problem+json" },
  });

/** A request that never gets an answer (offline). */
export const offline = (): Response => {
  throw new TypeError("Network request failed");
};

export function fakeApi(routes: Record<string, Answer | Answer[]> = {}) {
  const calls: Recorded[] = [];
  const table = new Map<string, Answer[]>(Object.entries(routes).map(([k, v]) => [k, Array.isArray(v) ? [...v] : [v]]));
  const fetchMock = jest.fn(async (input: Request | string, init?: RequestInit) => {
    const request = typeof input === "string" ? new Request(input, init) : input;
    const url = new URL(request.url);
    // Local files the app reads (picked photos) are "on the device", not on the network.
    if (url.protocol === "file:") return new Response("fake-jpeg-bytes", { headers: { "content-type": "image/jpeg" } });
    const text = request.method === "GET" || request.method === "HEAD" ? "" : await request.clone().text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON
    }
    const rec: Recorded = { method: request.method, path: url.pathname, url, headers: request.headers, body };
    calls.push(rec);
    const key = `${request.method} ${url.pathname}`;
    const answers = table.get(key);
    if (!answers?.length) {
      if (key === "POST /v1/events") return json(202, { accepted: 1, duplicates: 0 });
      throw new Error(`fakeApi: no answer for ${key}`);
    }
    const answer = answers.length > 1 ? answers.shift()! : answers[0]!;
    return typeof answer === "function" ? answer(rec) : answer.clone();
  });
  globalThis.fetch = fetchMock as unknown as typeof fetch;
  return {
    calls,
    /** Requests to one route, e.g. `api.to("POST /v1/auth/refresh")`. */
    to: (key: string) => calls.filter((c) => `${c.method} ${c.path}` === key),
    on: (key: string, ...answers: Answer[]) => table.set(key, answers),
  };
}

/** XMLHttpRequest (used for uploads with progress) routed through the same fake fetch. */
export function installFakeXhr() {
  class FakeXhr {
    status = 0;
    responseText = "";
    upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = { onprogress: null };
    onload: (() => void) | null = null;
    onerror: (() => void) | null = null;
    ontimeout: (() => void) | null = null;
    private method = "GET";
    private url = "";
    private headers: Record<string, string> = {};
    private responseHeaders = new Headers();
    open(method: string, url: string) {
      this.method = method;
      this.url = url;
    }
    setRequestHeader(k: string, v: string) {
      this.headers[k] = v;
    }
    getResponseHeader(k: string) {
      return this.responseHeaders.get(k);
    }
    send(body: unknown) {
      void (async () => {
        try {
          this.upload.onprogress?.({ lengthComputable: true, loaded: 1, total: 2 });
          const res = await globalThis.fetch(new Request(this.url, { method: this.method, headers: this.headers, body: body as BodyInit }));
          this.status = res.status;
          this.responseText = await res.text();
          this.responseHeaders = res.headers;
          this.onload?.();
        } catch {
          this.onerror?.();
        }
      })();
    }
  }
  globalThis.XMLHttpRequest = FakeXhr as unknown as typeof XMLHttpRequest;
}

export const profile = (over: Partial<Profile> = {}): Profile => ({
  id: "6f1c2d3e-4b5a-4c6d-8e7f-8091a2b3c4d5",
  email: "sam@example.com",
  name: "Sam",
  age: null,
  gender: null,
  datingPreferences: null,
  jobTitle: null,
  industry: null,
  subscriptionTier: "free",
  subscriptionExpiresAt: null,
  credits: 1,
  totpEnabled: false,
  createdAt: "2026-11-01T10:00:00.000Z",
  emailVerified: true,
  dateOfBirth: "1994-06-30",
  ...over,
});

let tokenCounter = 0;
export const tokens = (over: Partial<TokenPair> = {}): TokenPair => {
  tokenCounter++;
  return {
    tokenType: "Bearer",
    accessToken: `access-${tokenCounter}`,
    expiresIn: 900,
    refreshToken: `refresh-${tokenCounter}`,
    sessionId: "0b0c0d0e-1f2a-4b3c-8d4e-5f6a7b8c9d0e",
    ...over,
  };
};

/** A credit balance of `n` (tier from the amount unless overridden). */
export const balance = (n = 3, over: Partial<Balance> = {}): Balance => ({
  balance: n,
  debt: 0,
  tier: n > 1 ? "credits" : "free",
  unlimitedUntil: null,
  productId: null,
  held: 0,
  pendingSync: 0,
  ...over,
});

export const generation = (over: Partial<HeadshotGeneration> = {}): HeadshotGeneration => ({
  id: "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d",
  status: "queued",
  styleId: "corporate-classic",
  photoId: "b1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d",
  selfie: { url: "https://api.example/v1/files?key=users/u/selfie.jpg&expires=1795000000&sig=s", expiresAt: "2026-11-20T10:15:00.000Z" },
  renderer: "local-preview",
  requestedCount: 1,
  confidence: null,
  progress: null,
  images: [],
  withheld: [],
  likenessThreshold: 0.958,
  creditsRefunded: 0,
  failureReason: null,
  message: null,
  createdAt: "2026-11-20T10:00:00.000Z",
  processingStartedAt: null,
  processingCompletedAt: null,
  expiresAt: "2026-12-20T10:00:00.000Z",
  ...over,
});

/** A stored session the app restores at launch: refresh → me. */
export function signedInDevice(api: ReturnType<typeof fakeApi>, keychain: Map<string, string>, user: Profile = profile()) {
  keychain.set("firstlook.refreshToken", "stored-refresh");
  api.on("POST /v1/auth/refresh", (req) => json(200, tokens({ refreshToken: `rotated-from-${(req.body as { refreshToken: string }).refreshToken}` })));
  api.on("GET /v1/me", json(200, user));
}
