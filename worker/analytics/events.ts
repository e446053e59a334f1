// Storing analytics events: batches from the apps (validated in routes/events.ts) and the key
// events the server records itself. Other features call `recordEvent` for registered,
// analysis_completed, generation_completed and purchase; the bio route records bio_generated.
import type { Queryable } from "../db/client";
import { analyticsEvents } from "../db/schema";
import type { ClientEvent, ServerEventType } from "./event-types";
import type { ForwardedEvent } from "./forwarder";

export interface ServerEvent {
  userId: string | null;
  type: ServerEventType;
  properties?: Record<string, unknown>;
}

const toForwarded = (row: typeof analyticsEvents.$inferSelect): ForwardedEvent => ({
  id: row.id,
  type: row.eventType,
  userId: row.userId,
  sessionId: row.sessionId,
  platform: row.platform,
  properties: row.eventProperties ?? {},
  createdAt: row.createdAt,
});

/**
 * Records one server-side event (platform "server", no session). Returns the stored event, which
 * the caller may hand to `forwardInBackground`.
 */
export async function recordEvent(db: Queryable, event: ServerEvent): Promise<ForwardedEvent> {
  const [row] = await db
    .insert(analyticsEvents)
    .values({ userId: event.userId, eventType: event.type, eventProperties: event.properties ?? {}, platform: "server" })
    .returning();
  return toForwarded(row!);
}

export interface ClientBatch {
  userId: string | null;
  sessionId: string;
  platform: "ios" | "android" | "web";
  appVersion?: string;
  events: ClientEvent[];
}

/**
 * Stores a batch in one insert. Events that carry an `id` already stored (a retried batch) are
 * skipped; returns only the newly stored ones, so nothing is forwarded twice.
 */
export async function storeClientEvents(db: Queryable, batch: ClientBatch): Promise<ForwardedEvent[]> {
  const rows = batch.events.map((e) => ({
    ...(e.id ? { id: e.id } : {}),
    userId: batch.userId,
    eventType: e.type,
    eventProperties: {
      ...e.properties,
      ...(e.occurredAt ? { occurredAt: e.occurredAt } : {}),
      ...(batch.appVersion ? { appVersion: batch.appVersion } : {}),
    },
    sessionId: batch.sessionId,
    platform: batch.platform,
  }));
  const stored = await db.insert(analyticsEvents).values(rows).onConflictDoNothing({ target: analyticsEvents.id }).returning();
  return stored.map(toForwarded);
}
