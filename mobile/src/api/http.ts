// Typed HTTP over the generated schema: every path, parameter and body below is checked against
// src/api/schema.d.ts (generated from the API's OpenAPI document by `npm run openapi:export`).
import createClient from "openapi-fetch";
import { apiBaseUrl } from "../config";
import { ApiError, apiErrorFrom, networkError } from "./errors";
import type { paths } from "./schema";

/** Looks fetch up at call time, so tests (and polyfills) can replace the global. */
export const networkFetch = (input: Request) => globalThis.fetch(input);

/** Calls that need no session: sign-up, sign-in, refresh, the catalogue, styles. */
export const publicApi = createClient<paths>({ baseUrl: apiBaseUrl, fetch: networkFetch });

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The data of a successful call, or an ApiError with the human message for its problem. */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await call;
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw networkError();
  }
  if (!result.response.ok) throw apiErrorFrom(result.error, result.response.status, result.response.headers.get("retry-after"));
  return result.data as T;
}
