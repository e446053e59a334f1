// Product analytics: events are queued and sent in batches to POST /v1/events (which forwards
// them to Mixpanel when the server is configured to). Signed-in batches carry the token; before
// sign-in they are tied together by a per-launch session id. Analytics never breaks the app:
// failures are dropped after a retry.
import { Platform } from "react-native";
import { api, publicApi, unwrap } from "../api/client";
import type { ClientEvent } from "../api/types";
import { validAccessToken } from "../auth/session";
import { appVersion } from "../config";

const FLUSH_AFTER_MS = 5_000;
const MAX_BATCH = 50;

const sessionId = `s${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
const queue: ClientEvent[] = [];
let timer: ReturnType<typeof setTimeout> | null = null;
const retried = new WeakSet<ClientEvent>();

function uuid(): string {
  const c = globalThis.crypto as Crypto | undefined;
  if (c?.randomUUID) return c.randomUUID();
  return "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".replace(/[xy]/g, (ch) => {
    const r = (Math.random() * 16) | 0;
    return (ch === "x" ? r : (r & 0x3) | 0x8).toString(16);
  });
}

/** Queues one event; `id` makes a retried batch safe (the server skips ids it has). */
export function track(event: Omit<ClientEvent, "id" | "occurredAt">): void {
  queue.push({ ...event, id: uuid(), occurredAt: new Date().toISOString() } as ClientEvent);
  if (queue.length >= MAX_BATCH) void flush();
  else timer ??= setTimeout(() => void flush(), FLUSH_AFTER_MS);
}

export async function flush(): Promise<void> {
  if (timer) clearTimeout(timer);
  timer = null;
  const events = queue.splice(0, MAX_BATCH);
  if (!events.length) return;
  const body = { sessionId, platform: Platform.OS === "ios" || Platform.OS === "android" ? Platform.OS : "web", appVersion, events } as const;
  const signedIn = (await validAccessToken().catch(() => null)) !== null;
  try {
    await unwrap((signedIn ? api : publicApi).POST("/v1/events", { body }));
  } catch {
    // One more try with the next flush; then they are dropped.
    const again = events.filter((e) => !retried.has(e));
    for (const e of again) retried.add(e);
    queue.unshift(...again);
  }
}
