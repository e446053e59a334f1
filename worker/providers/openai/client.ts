// One way to talk to OpenAI (or any OpenAI-compatible endpoint) from the Worker, shared by the
// bio writer and, later, photo analysis:
// - the official SDK on the Worker's global fetch, with a per-attempt timeout and the SDK's own
//   retries (it retries 408/409/429/5xx and connection errors with backoff, honouring
//   Retry-After), plus an overall deadline so a user never waits on a hung upstream;
// - a circuit breaker per endpoint and model: after `failureThreshold` consecutive availability
//   failures the model is skipped for `cooldownMs` and callers use their local fallback at once.
//   The state lives in module scope, so it is per isolate: each isolate learns on its own,
//   which is enough to stop a request storm from piling onto an outage.
import OpenAI from "openai";

export interface OpenAiSettings {
  apiKey: string;
  baseURL?: string;
  /** Per attempt. */
  timeoutMs: number;
  maxRetries: number;
}

export function createOpenAiClient(s: OpenAiSettings): OpenAI {
  return new OpenAI({
    apiKey: s.apiKey,
    ...(s.baseURL ? { baseURL: s.baseURL } : {}),
    timeout: s.timeoutMs,
    maxRetries: s.maxRetries,
    // Bound to the global: workerd rejects a detached `fetch` called with another `this`.
    fetch: (input, init) => fetch(input, init),
  });
}

// --- circuit breaker ------------------------------------------------------------------------

export interface BreakerOptions {
  failureThreshold: number;
  cooldownMs: number;
  now?: () => number;
}

export type BreakerState = "closed" | "open" | "half_open";

export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | null = null;
  private trialInFlight = false;
  private readonly now: () => number;

  constructor(private readonly options: BreakerOptions) {
    this.now = options.now ?? Date.now;
  }

  get state(): BreakerState {
    if (this.openedAt === null) return "closed";
    return this.now() - this.openedAt >= this.options.cooldownMs ? "half_open" : "open";
  }

  /** Seconds until a trial call is allowed again (0 when calls are allowed now). */
  get retryInSeconds(): number {
    if (this.openedAt === null) return 0;
    return Math.max(0, Math.ceil((this.openedAt + this.options.cooldownMs - this.now()) / 1000));
  }

  /** Whether to call now. Half open lets exactly one trial through; its outcome decides. */
  tryAcquire(): boolean {
    const state = this.state;
    if (state === "closed") return true;
    if (state === "open" || this.trialInFlight) return false;
    this.trialInFlight = true;
    return true;
  }

  recordSuccess(): void {
    this.failures = 0;
    this.openedAt = null;
    this.trialInFlight = false;
  }

  recordFailure(): void {
    this.trialInFlight = false;
    this.failures++;
    if (this.openedAt !== null || this.failures >= this.options.failureThreshold) this.openedAt = this.now();
  }
}

export const defaultBreakerOptions = { failureThreshold: 5, cooldownMs: 30_000 } as const;

const breakers = new Map<string, CircuitBreaker>();

/** The isolate's breaker for one endpoint + model. */
export function breakerFor(baseURL: string | undefined, model: string, options: BreakerOptions = defaultBreakerOptions): CircuitBreaker {
  const key = `${baseURL ?? "https://api.openai.com/v1"}|${model}`;
  let breaker = breakers.get(key);
  if (!breaker) breakers.set(key, (breaker = new CircuitBreaker(options)));
  return breaker;
}

export class CircuitOpenError extends Error {
  constructor(readonly retryInSeconds: number) {
    super(`model skipped for ${retryInSeconds}s after repeated failures`);
  }
}

/**
 * Failures that say the service is unavailable (count against the breaker): no connection,
 * timeouts, rate limits and server errors that survived the SDK's retries. A 400, a refusal or
 * malformed content means the service answered, so it is up.
 */
export function isAvailabilityFailure(err: unknown): boolean {
  if (err instanceof OpenAI.APIConnectionError || err instanceof OpenAI.APIUserAbortError) return true;
  if (err instanceof OpenAI.APIError) return err.status === undefined || err.status === 408 || err.status === 429 || err.status >= 500;
  return err instanceof DOMException && (err.name === "TimeoutError" || err.name === "AbortError");
}

/** Runs `call` through the breaker: refuses while open, records the outcome otherwise. */
export async function throughBreaker<T>(breaker: CircuitBreaker, call: () => Promise<T>): Promise<T> {
  if (!breaker.tryAcquire()) throw new CircuitOpenError(breaker.retryInSeconds);
  try {
    const result = await call();
    breaker.recordSuccess();
    return result;
  } catch (err) {
    if (isAvailabilityFailure(err)) breaker.recordFailure();
    else breaker.recordSuccess();
    throw err;
  }
}
