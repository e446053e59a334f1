// Webhook deliveries, deduplicated on (provider, event id). Processing is idempotent end to
// end, so a delivery whose earlier attempt failed half-way is simply processed again; only a
// delivery already marked processed is answered as a duplicate without work.
import { and, eq, sql } from "drizzle-orm";
import type { Queryable } from "../db/client";
import { webhookEvents } from "../db/schema";

type Provider = "stripe" | "revenuecat" | "replicate";

export async function beginWebhook(db: Queryable, provider: Provider, eventId: string, eventType: string, userId?: string | null): Promise<{ alreadyProcessed: boolean }> {
  const [row] = await db
    .insert(webhookEvents)
    .values({ provider, eventId, eventType, userId: userId ?? null })
    .onConflictDoUpdate({ target: [webhookEvents.provider, webhookEvents.eventId], set: { eventType } })
    .returning({ processedAt: webhookEvents.processedAt });
  return { alreadyProcessed: Boolean(row?.processedAt) };
}

export async function finishWebhook(db: Queryable, provider: Provider, eventId: string, outcome: string): Promise<void> {
  await db
    .update(webhookEvents)
    .set({ processedAt: sql`now()`, outcome })
    .where(and(eq(webhookEvents.provider, provider), eq(webhookEvents.eventId, eventId)));
}
