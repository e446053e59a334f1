// The session's tokens. The access token lives in memory only; the refresh token is persisted
// (secure storage on phones). Refresh tokens rotate on every use and presenting a used one
// revokes the whole session, so refreshes are serialised: one request in flight at a time, and
// everyone who needs a fresh token waits for that one.
import { unwrap, publicApi } from "../api/http";
import { ApiError } from "../api/errors";
import type { TokenPair } from "../api/types";
import { secureStorage } from "./secureStorage";

const REFRESH_KEY = "firstlook.refreshToken";
/** Refresh a little before expiry so a request does not race the clock. */
const EXPIRY_MARGIN_MS = 30_000;

export type SignOutReason = "signed_out" | "session_ended";

let accessToken: string | null = null;
let accessExpiresAt = 0;
let refreshToken: string | null = null;
let inflight: Promise<string | null> | null = null;
const endListeners = new Set<(reason: SignOutReason) => void>();

export async function startSession(pair: TokenPair): Promise<void> {
  accessToken = pair.accessToken;
  accessExpiresAt = Date.now() + pair.expiresIn * 1000;
  refreshToken = pair.refreshToken;
  await secureStorage.set(REFRESH_KEY, pair.refreshToken);
}

/** Forgets the tokens here and on the device (the server side is revoked by the caller). */
export async function endSession(reason: SignOutReason = "signed_out"): Promise<void> {
  accessToken = null;
  accessExpiresAt = 0;
  refreshToken = null;
  await secureStorage.remove(REFRESH_KEY);
  for (const listener of endListeners) listener(reason);
}

export function onSessionEnded(listener: (reason: SignOutReason) => void): () => void {
  endListeners.add(listener);
  return () => endListeners.delete(listener);
}

export const hasStoredSession = async () => (await secureStorage.get(REFRESH_KEY)) != null;

/** A usable access token: the current one, or a fresh one if it is about to expire. */
export async function validAccessToken(): Promise<string | null> {
  if (accessToken && Date.now() < accessExpiresAt - EXPIRY_MARGIN_MS) return accessToken;
  if (!refreshToken && !(await secureStorage.get(REFRESH_KEY))) return null;
  return refreshAccessToken();
}

/** Exchanges the refresh token for a new pair. Concurrent callers share one request. */
export function refreshAccessToken(): Promise<string | null> {
  inflight ??= doRefresh().finally(() => {
    inflight = null;
  });
  return inflight;
}

async function doRefresh(): Promise<string | null> {
  const token = refreshToken ?? (await secureStorage.get(REFRESH_KEY));
  if (!token) return null;
  try {
    const pair = await unwrap(publicApi.POST("/v1/auth/refresh", { body: { refreshToken: token } }));
    await startSession(pair);
    return pair.accessToken;
  } catch (err) {
    // Offline: keep the refresh token for later. Rejected: the session is over.
    if (err instanceof ApiError && !err.isNetwork && err.status === 401) await endSession("session_ended");
    throw err;
  }
}
