// Every operation /openapi.json declares behind `bearerAuth` (or the operator's `adminToken`) must
// refuse a caller without a valid token: nothing else ties a route's declared `security` to the middleware that enforces
// it. Walked from the live document, so a new route is covered the day it is added.
import { beforeAll, describe, expect, it } from "vitest";
import { SignJWT } from "jose";
import { call, json, registerUser } from "./helpers";

interface Operation {
  method: string;
  path: string;
  /** Anonymous callers are allowed too (`{}` among its security requirements). */
  anonymousAllowed: boolean;
}

type Security = Record<string, string[]>[];
type PathItem = Record<string, { security?: Security }>;

const METHODS = ["get", "post", "put", "patch", "delete"];
const TOKEN_SCHEMES = ["bearerAuth", "adminToken"];

async function bearerOperations(): Promise<Operation[]> {
  const doc = await json<{ paths: Record<string, PathItem> }>(await call("/openapi.json"));
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.includes(method) || !op.security?.some((s) => TOKEN_SCHEMES.some((scheme) => scheme in s))) continue;
      ops.push({ method: method.toUpperCase(), path, anonymousAllowed: op.security.some((s) => Object.keys(s).length === 0) });
    }
  }
  return ops;
}

/** A concrete URL: every path parameter a random uuid (auth must answer before validation). */
const concrete = (path: string) => path.replace(/\{[^}]+\}/g, () => crypto.randomUUID());

const send = (op: Operation, token?: string) => call(concrete(op.path), { method: op.method, body: op.method === "GET" || op.method === "DELETE" ? undefined : {}, token });

/** Every operation that answered anything but a 401 problem with `code`, so one run lists them all. */
async function wrongAnswers(ops: Operation[], code: string, token?: string): Promise<string[]> {
  const wrong: string[] = [];
  for (const op of ops) {
    const res = await send(op, token);
    const type = res.headers.get("content-type") ?? "";
    const body = type.includes("json") ? await json<{ code?: string }>(res) : { code: await res.text() };
    if (res.status !== 401 || !type.includes("application/problem+json") || body.code !== code) {
      wrong.push(`${op.method} ${op.path}: ${res.status} ${body.code}`);
    }
  }
  return wrong;
}

let operations: Operation[] = [];
let forgedJwt = "";

beforeAll(async () => {
  operations = await bearerOperations();
  // A well-formed token for a real user, with our kid and issuer, signed by a key that is not ours.
  const user = await registerUser();
  const jwks = await json<{ keys: { kid: string }[] }>(await call("/.well-known/jwks.json"));
  const { privateKey } = (await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"])) as CryptoKeyPair;
  const issuer = JSON.parse(atob(user.accessToken.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/"))).iss as string;
  forgedJwt = await new SignJWT({ sid: user.sessionId })
    .setProtectedHeader({ alg: "ES256", kid: jwks.keys[0]!.kid, typ: "at+jwt" })
    .setSubject(user.id)
    .setIssuer(issuer)
    .setIssuedAt()
    .setExpirationTime("5m")
    .sign(privateKey);
});

describe("every bearerAuth operation in /openapi.json", () => {
  it("finds the protected operations (the walk itself works)", () => {
    expect(operations.length).toBeGreaterThan(40);
    expect(operations).toContainEqual({ method: "GET", path: "/v1/me", anonymousAllowed: false });
    expect(operations).toContainEqual({ method: "POST", path: "/v1/events", anonymousAllowed: true });
    expect(operations).toContainEqual({ method: "POST", path: "/v1/admin/credits/reconcile", anonymousAllowed: false });
  });

  it("answers 401 unauthenticated without a token, unless it declares anonymous access", async () => {
    expect(
      await wrongAnswers(
        operations.filter((o) => !o.anonymousAllowed),
        "unauthenticated",
      ),
    ).toEqual([]);
  });

  it("answers 401 invalid_token to a JWT signed with another key", async () => {
    expect(await wrongAnswers(operations, "invalid_token", forgedJwt)).toEqual([]);
  });

  it("answers 401 invalid_token to a garbage token", async () => {
    expect(await wrongAnswers(operations, "invalid_token", "not-a-jwt")).toEqual([]);
  });
});
