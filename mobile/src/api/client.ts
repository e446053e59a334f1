// The signed-in API client. Every request carries the access token; a 401 `invalid_token`
// (expired, or the server's keys rotated) triggers one serialised refresh and one retry.
import createClient from "openapi-fetch";
import { apiBaseUrl } from "../config";
import { refreshAccessToken, validAccessToken } from "../auth/session";
import { networkError } from "./errors";
import { networkFetch } from "./http";
import type { paths } from "./schema";

function withToken(request: Request, token: string | null): Request {
  const headers = new Headers(request.headers);
  if (token) headers.set("authorization", `Bearer ${token}`);
  return new Request(request, { headers });
}

async function problemCode(response: Response): Promise<string | undefined> {
  try {
    return ((await response.clone().json()) as { code?: string }).code;
  } catch {
    return undefined;
  }
}

export async function authFetch(request: Request): Promise<Response> {
  // Bodies can be read once: keep an unread copy for the retry.
  const spare = request.clone();
  let token: string | null;
  try {
    token = await validAccessToken();
  } catch {
    token = null;
  }
  let response: Response;
  try {
    response = await networkFetch(withToken(request, token));
  } catch {
    throw networkError();
  }
  if (response.status !== 401 || (await problemCode(response)) !== "invalid_token") return response;
  let fresh: string | null;
  try {
    fresh = await refreshAccessToken();
  } catch {
    return response;
  }
  if (!fresh) return response;
  try {
    return await networkFetch(withToken(spare, fresh));
  } catch {
    throw networkError();
  }
}

export const api = createClient<paths>({ baseUrl: apiBaseUrl, fetch: authFetch });

export { unwrap, publicApi } from "./http";
