// Forwarding stored events to a product-analytics service. Postgres stays the record; the
// forwarder is best effort, run after the response (ctx.waitUntil), and off unless configured.
// Mixpanel today; Amplitude would be another implementation of the same interface.
import type { Config } from "../env";
import type { Logger } from "../log";

export interface ForwardedEvent {
  /** Our row id: Mixpanel's $insert_id, so a retried forward is deduplicated there too. */
  id: string;
  type: string;
  userId: string | null;
  sessionId: string | null;
  platform: string | null;
  properties: Record<string, unknown>;
  createdAt: Date;
}

export interface AnalyticsForwarder {
  readonly name: string;
  send(events: readonly ForwardedEvent[]): Promise<void>;
}

export class ForwardingError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/**
 * Mixpanel's server-side ingestion: POST /import?strict=1, authenticated with the project token
 * as the Basic-auth username, up to 2000 events per request, `time` in ms and `$insert_id` for
 * deduplication. (/track is meant for untrusted clients and only takes the last 5 days.)
 */
export class MixpanelForwarder implements AnalyticsForwarder {
  readonly name = "mixpanel";
  static readonly maxBatch = 2000;

  constructor(
    private readonly token: string,
    private readonly apiBase: string,
    private readonly retryDelayMs = 1000,
  ) {}

  toMixpanel(e: ForwardedEvent) {
    const occurredAt = typeof e.properties.occurredAt === "string" ? Date.parse(e.properties.occurredAt) : Number.NaN;
    return {
      event: e.type,
      properties: {
        ...e.properties,
        time: Number.isFinite(occurredAt) ? occurredAt : e.createdAt.getTime(),
        // Signed-in events belong to the user; anonymous ones to the device session.
        distinct_id: e.userId ?? `$device:${e.sessionId ?? "server"}`,
        $insert_id: e.id,
        ...(e.userId ? { $user_id: e.userId } : {}),
        ...(e.sessionId ? { $device_id: e.sessionId } : {}),
        // Not "platform": dating events carry their own (tinder, bumble, hinge).
        ...(e.platform ? { app_platform: e.platform } : {}),
      },
    };
  }

  async send(events: readonly ForwardedEvent[]): Promise<void> {
    for (let i = 0; i < events.length; i += MixpanelForwarder.maxBatch) {
      await this.post(events.slice(i, i + MixpanelForwarder.maxBatch).map((e) => this.toMixpanel(e)));
    }
  }

  private async post(body: unknown[], attempt = 1): Promise<void> {
    const res = await fetch(new URL("/import?strict=1", this.apiBase), {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json", authorization: `Basic ${btoa(`${this.token}:`)}` },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    if (res.ok) return;
    const text = await res.text().catch(() => "");
    // Rate limits and outages get one more try; a 400 names the rejected records and will not
    // improve on retry.
    if ((res.status === 429 || res.status >= 500) && attempt < 2) {
      await new Promise((r) => setTimeout(r, this.retryDelayMs));
      return this.post(body, attempt + 1);
    }
    throw new ForwardingError(`mixpanel /import answered ${res.status}: ${text.slice(0, 300)}`, res.status);
  }
}

/** The configured forwarder, or null when forwarding is off (no MIXPANEL_TOKEN). */
export function analyticsForwarder(config: Config): AnalyticsForwarder | null {
  return config.MIXPANEL_TOKEN ? new MixpanelForwarder(config.MIXPANEL_TOKEN, config.MIXPANEL_API_BASE) : null;
}

/** Forwards after the response; a failure is logged, never surfaced to the app. */
export function forwardInBackground(config: Config, waitUntil: (p: Promise<unknown>) => void, events: readonly ForwardedEvent[], log: Logger): void {
  const forwarder = analyticsForwarder(config);
  if (!forwarder || events.length === 0) return;
  waitUntil(
    forwarder.send(events).catch((err: unknown) => {
      log.warn("analytics forwarding failed", { forwarder: forwarder.name, events: events.length, error: err instanceof Error ? err.message : String(err) });
    }),
  );
}
