// JSON request bodies: the right content type (415 otherwise) and parseable JSON
// (400 `malformed_json`), checked before the route's zod validation runs. Hono caches the
// parsed body, so the validator reuses it.
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../context";
import { ApiError } from "../errors";

export const jsonBody = createMiddleware<AppEnv>(async (c, next) => {
  await checkJson(c.req);
  await next();
});

/** For routes whose body is optional: no body passes, a body present must be JSON. */
export const optionalJsonBody = createMiddleware<AppEnv>(async (c, next) => {
  const length = c.req.header("content-length");
  const hasBody = (length !== undefined && length !== "0") || c.req.header("transfer-encoding") !== undefined || c.req.header("content-type") !== undefined;
  if (hasBody) await checkJson(c.req);
  await next();
});

async function checkJson(req: { header(name: string): string | undefined; json(): Promise<unknown> }) {
  const type = req.header("content-type") ?? "";
  if (!/^application\/([a-z0-9.+-]*\+)?json\s*(;|$)/i.test(type)) {
    throw new ApiError("unsupported_media_type", "Send the body as `Content-Type: application/json`.");
  }
  try {
    await req.json();
  } catch {
    throw new ApiError("malformed_json");
  }
}
