// The Worker's environment: bindings declared in wrangler.toml, and vars/secrets validated by
// one zod schema before the app runs. A missing or malformed value fails with its name.
import { z } from "zod";

const csv = z.string().transform((s) =>
  s
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean),
);

const base64Key32 = z.string().refine((s) => {
  try {
    return atob(s).length === 32;
  } catch {
    return false;
  }
}, "must be 32 bytes, base64-encoded");

/** `kid:base64key,kid2:base64key`. The first key encrypts; all of them decrypt (rotation). */
const keyRing = z.string().transform((s, ctx) => {
  const keys = s.split(",").map((part) => {
    const [kid, key] = part.trim().split(":");
    return { kid: kid ?? "", key: key ?? "" };
  });
  for (const k of keys) {
    if (!/^[A-Za-z0-9_-]{1,16}$/.test(k.kid) || !base64Key32.safeParse(k.key).success) {
      ctx.addIssue({ code: "custom", message: "each entry must be kid:<32 bytes base64>" });
      return z.NEVER;
    }
  }
  return keys;
});

const jwk = z.looseObject({ kty: z.literal("EC"), crv: z.literal("P-256"), kid: z.string().min(1), d: z.string().min(1) });

/** A JSON array of private ES256 JWKs with `kid`. The first signs; all are published (rotation). */
const signingKeys = z.string().transform((s, ctx) => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(s);
  } catch {
    ctx.addIssue({ code: "custom", message: "must be a JSON array of private ES256 JWKs" });
    return z.NEVER;
  }
  const result = z.array(jwk).min(1).safeParse(parsed);
  if (!result.success) {
    ctx.addIssue({ code: "custom", message: "must be a JSON array of private ES256 JWKs with kid" });
    return z.NEVER;
  }
  return result.data;
});

const intString = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** `Display Name <address@example.com>` or a bare address. */
const mailbox = z.string().transform((s, ctx) => {
  const m = /^\s*(?:(.*?)\s*<([^<>\s]+)>|([^<>\s]+))\s*$/.exec(s);
  const address = m?.[2] ?? m?.[3];
  if (!address || !z.email().safeParse(address).success) {
    ctx.addIssue({ code: "custom", message: "must be an email address, optionally as `Name <address>`" });
    return z.NEVER;
  }
  return { email: address, ...(m?.[1] ? { name: m[1] } : {}) };
});

export const configSchema = z
  .object({
    ENVIRONMENT: z.enum(["development", "test", "staging", "production"]),
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }),
    /** Local only: host:port of the WebSocket-to-TCP proxy in front of a plain Postgres. */
    LOCAL_PG_PROXY: z
      .string()
      .regex(/^127\.0\.0\.1:\d{2,5}$/)
      .optional(),
    JWT_ISSUER: z.url(),
    JWT_SIGNING_KEYS: signingKeys,
    FIELD_ENCRYPTION_KEYS: keyRing,
    EMAIL_INDEX_KEY: base64Key32,
    CORS_ORIGINS: csv,
    ACCESS_TOKEN_TTL_SECONDS: intString(60, 3600),
    REFRESH_TOKEN_TTL_DAYS: intString(1, 365),
    /** Held credits are released automatically if a job neither commits nor releases them. */
    RESERVATION_TTL_SECONDS: intString(30, 86_400).default(900),
    /** Bearer token for /v1/admin/* (reconciliation). Unset: the admin routes answer 404. */
    ADMIN_TOKEN: z.string().min(24).optional(),
    STRIPE_SECRET_KEY: z
      .string()
      .regex(/^(sk|rk)_(test|live)_/)
      .optional(),
    STRIPE_WEBHOOK_SECRET: z.string().startsWith("whsec_").optional(),
    /** Local stand-in or proxy for the Stripe API (tests); production uses api.stripe.com. */
    STRIPE_API_BASE: z.url().optional(),
    REVENUECAT_WEBHOOK_AUTH: z.string().min(16).optional(),
    /** Public base URL of this API: webhooks and signed file links handed to providers. */
    PUBLIC_API_URL: z.url().default("http://127.0.0.1:8787"),
    /** HMAC key (base64, 32 bytes) for short-lived signed file URLs. */
    URL_SIGNING_KEY: base64Key32,
    REPLICATE_API_TOKEN: z.string().min(8).optional(),
    REPLICATE_WEBHOOK_SECRET: z.string().startsWith("whsec_").optional(),
    /** Local stand-in for the Replicate API (tests); production uses api.replicate.com. */
    REPLICATE_API_BASE: z.url().optional(),
    /** The queue names wrangler.toml gives this environment's consumers: a batch is dispatched by
     * its exact queue name (jobs, or their dead letters), never by a pattern in it. */
    GENERATION_JOBS_QUEUE: z.string().min(1).default("firstlook-generation-jobs"),
    GENERATION_DEAD_LETTER_QUEUE: z.string().min(1).default("firstlook-generation-jobs-dlq"),
    /** A generation still processing after this long is polled at the provider by the reconciler. */
    GENERATION_DEADLINE_SECONDS: intString(60, 86_400).default(600),
    /** Per-request timeout for calls to the rendering provider. */
    RENDER_PROVIDER_TIMEOUT_MS: intString(100, 120_000).default(15_000),
    /** Expo push API access token; without it completion pushes are off. */
    EXPO_ACCESS_TOKEN: z.string().min(8).optional(),
    EXPO_PUSH_API_BASE: z.url().default("https://exp.host"),
    /** Where Stripe Checkout returns the buyer (the web demo). */
    CHECKOUT_RETURN_URL: z.url().default("http://127.0.0.1:8081/credits"),
    /** OpenAI for bios (and photo analysis). Unset: bios come from the local composer, and say so. */
    OPENAI_API_KEY: z.string().min(1).optional(),
    /** Any OpenAI-compatible endpoint (a gateway, or the local stand-in in tests). */
    OPENAI_BASE_URL: z.url().optional(),
    /** Vision model judging dating photos (expression, eye contact, impressions). */
    OPENAI_VISION_MODEL: z.string().min(1).max(100).default("gpt-4.1-mini"),
    OPENAI_BIO_MODEL: z.string().min(1).max(100).default("gpt-4.1-mini"),
    /** Per attempt; the SDK retries twice and the whole call is capped at 2.5 times this. */
    OPENAI_TIMEOUT_MS: intString(1_000, 120_000).default(20_000),
    /** Mixpanel project token: when set, analytics events are forwarded (off by default). */
    MIXPANEL_TOKEN: z.string().min(1).optional(),
    /** api.mixpanel.com, api-eu.mixpanel.com (EU residency), or the local stand-in in tests. */
    MIXPANEL_API_BASE: z.url().default("https://api.mixpanel.com"),
    /** SendGrid v3 API key. Unset: mail goes to the dev mailbox (GET /dev/mailbox); refused in staging/production. */
    SENDGRID_API_KEY: z.string().startsWith("SG.").optional(),
    /** api.sendgrid.com, api.eu.sendgrid.com (EU residency), or the local stand-in in tests. */
    SENDGRID_API_BASE: z.url().default("https://api.sendgrid.com"),
    /** Sender of account emails: `Name <address>` or a bare address. */
    EMAIL_FROM: mailbox.prefault("Firstlook <no-reply@firstlook.app>"),
    /** Web checkout needs a verified email address unless this is "false". */
    REQUIRE_VERIFIED_EMAIL_FOR_PURCHASE: z
      .enum(["true", "false"])
      .default("true")
      .transform((v) => v === "true"),
    /** Base URL of the app (web demo / universal links) used in emailed links. The default is the
     * local web demo as `npm run dev` prints it (scripts/lib/web-origin.ts). */
    APP_URL: z.url().default("http://127.0.0.1:8081"),
    /** Sign in with Apple: bundle ids of both app variants and the web service id. Unset: off. */
    APPLE_CLIENT_IDS: csv.optional(),
    APPLE_JWKS_URL: z.url().default("https://appleid.apple.com/auth/keys"),
    /** Sign in with Google: OAuth client ids (iOS, Android, web). Unset: off. */
    GOOGLE_CLIENT_IDS: csv.optional(),
    GOOGLE_JWKS_URL: z.url().default("https://www.googleapis.com/oauth2/v3/certs"),
  })
  .refine((c) => !(c.LOCAL_PG_PROXY && deployed(c.ENVIRONMENT)), {
    message: "must not be set in staging or production",
    path: ["LOCAL_PG_PROXY"],
  })
  // The defaults point at this machine: deployed, webhooks and emailed links would go nowhere.
  .refine((c) => !(deployed(c.ENVIRONMENT) && isLoopback(c.PUBLIC_API_URL)), {
    message: "must be the API's public https URL in staging or production (providers call it back)",
    path: ["PUBLIC_API_URL"],
  })
  .refine((c) => !(deployed(c.ENVIRONMENT) && isLoopback(c.APP_URL)), {
    message: "must be the app's public URL in staging or production (emails link to it)",
    path: ["APP_URL"],
  });

function deployed(environment: string): boolean {
  return environment === "production" || environment === "staging";
}

function isLoopback(url: string): boolean {
  const host = new URL(url).hostname;
  return host === "localhost" || host === "[::1]" || host.startsWith("127.");
}

export type Config = z.infer<typeof configSchema>;
/** Vars and secrets as the runtime hands them over: strings, possibly missing. */
export type RawConfig = { [K in keyof z.input<typeof configSchema>]?: string };
/**
 * Bindings and vars as wrangler.toml declares them come from `Cloudflare.Env` in
 * worker/bindings.d.ts (generated by `npm run types`, committed; CI fails when it drifts from
 * wrangler.toml); this adds the secrets and optional vars only configSchema knows. The generator
 * reads no .dev.vars (`--env-file /dev/null`), so one machine's secrets never reach the file.
 */
declare global {
  namespace Cloudflare {
    interface Env extends RawConfig {}
  }
}
export type Env = Cloudflare.Env;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join("; ")}`);
  }
}

const cache = new WeakMap<object, Config>();

/** Parses vars and secrets once per isolate (env is the same object across requests). */
export function loadConfig(env: Env): Config {
  const hit = cache.get(env);
  if (hit) return hit;
  const result = configSchema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map(
        (i) => `${i.path.join(".") || "env"}: ${i.path.length && (env as unknown as Record<string, unknown>)[String(i.path[0])] === undefined ? "is missing" : i.message}`,
      ),
    );
  }
  cache.set(env, result.data);
  return result.data;
}
