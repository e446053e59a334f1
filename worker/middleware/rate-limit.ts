// Rate limits through Cloudflare's Rate Limiting binding (counters kept at the edge, no storage
// of ours). The period is the binding's (60 s in wrangler.toml), which is the honest Retry-After.
import { ApiError } from "../errors";

const PERIOD_SECONDS = 60;

export async function enforceRateLimit(limiter: RateLimit, key: string, what: string): Promise<void> {
  const { success } = await limiter.limit({ key });
  if (!success) throw new ApiError("rate_limited", `Too many ${what}. Try again in a minute.`, { retryAfter: PERIOD_SECONDS });
}

/** The client's address as Cloudflare reports it; tests and local dev may have none. */
export function clientIp(req: { header(name: string): string | undefined }): string {
  return req.header("cf-connecting-ip") ?? "local";
}
