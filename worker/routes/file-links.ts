// Signed links the apps open (photos, thumbnails, headshots).
import type { Context } from "hono";
import type { AppEnv } from "../context";
import { signedFileUrl } from "../security/signed-url";

/**
 * Links point at PUBLIC_API_URL when it is set (always in staging and production: env.ts refuses
 * its loopback default there), else at the origin the request came in on, so an API started on
 * another port (`wrangler dev --port`, `PORT=… npm run dev`) links to itself, not to 8787.
 */
export function fileLinker(c: Pick<Context<AppEnv>, "env" | "req" | "var">, ttlSeconds: number): (key: string) => Promise<string> {
  const { config } = c.var;
  const base = c.env.PUBLIC_API_URL ? config.PUBLIC_API_URL : new URL(c.req.url).origin;
  return (key) => signedFileUrl(base, config.URL_SIGNING_KEY, key, ttlSeconds);
}
