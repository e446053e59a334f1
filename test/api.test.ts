// Cross-cutting behaviour: OpenAPI, docs, request ids, secure headers, CORS, configuration.
import { describe, expect, it } from "vitest";
import { configSchema, loadConfig, ConfigError, type Env } from "../worker/env";
import { env } from "cloudflare:test";
import { call, json, type OpenApiDocument } from "./helpers";
import { DEFAULT_WEB_PORT, webDemoOrigin } from "../scripts/lib/web-origin";

describe("OpenAPI and docs", () => {
  it("serves an OpenAPI 3.1 document generated from the route schemas", async () => {
    const doc = await json<OpenApiDocument>(await call("/openapi.json"));
    expect(doc.openapi).toBe("3.1.0");
    for (const path of [
      "/v1/auth/register",
      "/v1/auth/login",
      "/v1/auth/refresh",
      "/v1/auth/logout",
      "/v1/me",
      "/v1/me/export",
      "/v1/me/totp",
      "/health",
      "/.well-known/jwks.json",
    ]) {
      expect(doc.paths[path], path).toBeDefined();
    }
    const register = doc.paths["/v1/auth/register"]!.post!;
    expect(register.requestBody!.required).toBe(true);
    expect(register.responses!["409"]!.content!["application/problem+json"]).toBeDefined();
    expect(doc.components.schemas.Profile!.properties!.email).toBeDefined();
    expect(doc.components.securitySchemes.bearerAuth!.scheme).toBe("bearer");
  });

  it("every pattern is a plain JSON Schema regex that a client can compile (no JS flags appended)", async () => {
    const doc = JSON.stringify(await json(await call("/openapi.json")));
    const patterns = [...doc.matchAll(/"pattern":"((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1]}"`) as string);
    expect(patterns.length).toBeGreaterThan(3);
    for (const p of patterns) {
      expect(p, p).not.toMatch(/\/[dgimsuvy]+$/);
      expect(() => new RegExp(p, "u"), p).not.toThrow();
    }
    // The personal-name rule still means what the validator enforces: letters of any script.
    const name = patterns.find((p) => p.includes("\\p{L}"))!;
    expect(new RegExp(name, "u").test("Zoë Ñúñez-O'Neill")).toBe(true);
    expect(new RegExp(name, "u").test("<script>")).toBe(false);
  });

  it("renders a self-contained docs page (no external scripts)", async () => {
    const res = await call("/docs");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("/v1/auth/login");
    expect(html).not.toMatch(/<script|https?:\/\/cdn/i);
  });
});

describe("every response", () => {
  it("carries a request id (echoing a well-formed incoming one) and secure headers", async () => {
    const res = await call("/health/live", { headers: { "x-request-id": "client-req-12345" } });
    expect(res.headers.get("x-request-id")).toBe("client-req-12345");
    const generated = await call("/health/live", { headers: { "x-request-id": "<bad>" } });
    expect(generated.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("strict-transport-security")).toContain("max-age=");
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(res.headers.get("cross-origin-resource-policy")).toBe("same-origin");
  });

  it("allows CORS from the web demo's origin only", async () => {
    const allowed = await call("/v1/auth/login", {
      method: "OPTIONS",
      headers: { origin: "http://localhost:8081", "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
    });
    expect(allowed.headers.get("access-control-allow-origin")).toBe("http://localhost:8081");
    const denied = await call("/health/live", { headers: { origin: "https://evil.example" } });
    expect(denied.headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("configuration", () => {
  const valid = () => ({ ...(env as unknown as Record<string, string>) });

  it("accepts the test environment", () => {
    expect(configSchema.safeParse(valid()).success).toBe(true);
  });

  it("names a missing or malformed value", () => {
    const missing = { ...valid(), JWT_SIGNING_KEYS: undefined };
    expect(() => loadConfig(missing as unknown as Env)).toThrow(/JWT_SIGNING_KEYS: is missing/);
    const badKey = { ...valid(), FIELD_ENCRYPTION_KEYS: "k1:c2hvcnQ=" };
    expect(() => loadConfig(badKey as unknown as Env)).toThrow(ConfigError);
    expect(() => loadConfig(badKey as unknown as Env)).toThrow(/FIELD_ENCRYPTION_KEYS/);
    const badUrl = { ...valid(), DATABASE_URL: "mysql://x" };
    expect(() => loadConfig(badUrl as unknown as Env)).toThrow(/DATABASE_URL/);
  });

  it("refuses the local database proxy in production", () => {
    const prod = { ...valid(), ENVIRONMENT: "production", LOCAL_PG_PROXY: "127.0.0.1:5555", PUBLIC_API_URL: "https://api.firstlook.test", APP_URL: "https://app.firstlook.test" };
    expect(() => loadConfig(prod as unknown as Env)).toThrow(/LOCAL_PG_PROXY/);
  });

  it("refuses loopback public URLs in staging and production (webhooks and emailed links would go nowhere)", () => {
    const urls = { PUBLIC_API_URL: "https://api.firstlook.test", APP_URL: "https://app.firstlook.test", LOCAL_PG_PROXY: undefined };
    for (const ENVIRONMENT of ["staging", "production"]) {
      expect(() => loadConfig({ ...valid(), ...urls, ENVIRONMENT } as unknown as Env)).not.toThrow();
      expect(() => loadConfig({ ...valid(), ...urls, ENVIRONMENT, PUBLIC_API_URL: undefined } as unknown as Env)).toThrow(/PUBLIC_API_URL/);
      expect(() => loadConfig({ ...valid(), ...urls, ENVIRONMENT, APP_URL: "http://localhost:8081" } as unknown as Env)).toThrow(/APP_URL/);
    }
    // Development keeps the local defaults.
    expect(loadConfig({ ...valid(), ENVIRONMENT: "development" } as unknown as Env).PUBLIC_API_URL).toBe("http://127.0.0.1:8787");
  });

  it("emailed links and the checkout return open the web demo's origin as `npm run dev` prints it", () => {
    // 127.0.0.1, not localhost: to a browser that is another site, without the session.
    const demo = webDemoOrigin(DEFAULT_WEB_PORT);
    // The tests set their own APP_URL: these are the defaults a bare `wrangler dev` gets.
    const config = configSchema.parse({ ...valid(), APP_URL: undefined, CHECKOUT_RETURN_URL: undefined });
    expect(config.APP_URL).toBe(demo);
    expect(new URL(config.CHECKOUT_RETURN_URL).origin).toBe(demo);
  });
});
