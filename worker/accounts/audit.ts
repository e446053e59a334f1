// The audit log of security-relevant events (security_events), shown to the user at
// GET /v1/me/security-events. Types are stable strings the apps translate.
import { and, eq } from "drizzle-orm";
import type { ServiceContext } from "../context";
import type { Queryable } from "../db/client";
import { securityEvents } from "../db/schema";
import { newestFirst, pageOf } from "../db/pagination";
import { afterResponse } from "./background";

export type SecurityEventType =
  | "account_created"
  | "login_succeeded"
  | "login_failed"
  | "new_device_sign_in"
  | "social_sign_in"
  | "social_account_linked"
  | "refresh_token_reused"
  | "password_reset_requested"
  | "password_reset"
  | "mfa_enabled"
  | "mfa_disabled"
  | "mfa_recovery_codes_replaced"
  | "email_verified"
  | "email_change_requested"
  | "email_changed"
  | "date_of_birth_corrected"
  | "account_erased";

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

export interface SecurityEvent extends ClientInfo {
  /** Null only for an erased account's record (the account is gone; see routes/me.ts). */
  userId: string | null;
  type: SecurityEventType;
  details?: Record<string, unknown>;
}

/** The caller's address (as Cloudflare reports it) and user agent. */
export function clientInfo(req: { header(name: string): string | undefined }): ClientInfo {
  return { ip: req.header("cf-connecting-ip") ?? null, userAgent: req.header("user-agent")?.slice(0, 256) ?? null };
}

export async function recordSecurityEvent(db: Queryable, event: SecurityEvent): Promise<void> {
  await db.insert(securityEvents).values({
    userId: event.userId,
    type: event.type,
    ip: event.ip,
    userAgent: event.userAgent,
    details: event.details ?? null,
  });
}

/** A page of the user's events, newest first. */
export async function listSecurityEvents(db: Queryable, userId: string, limit: number, cursor?: string) {
  const order = newestFirst(securityEvents.createdAt, securityEvents.id, cursor);
  const rows = await db
    .select()
    .from(securityEvents)
    .where(and(eq(securityEvents.userId, userId), order.where))
    .orderBy(...order.orderBy)
    .limit(limit + 1);
  return pageOf(rows, limit, (e) => ({ k: e.createdAt.toISOString(), id: e.id }));
}

/** Records after the response, for events whose write must not show in the response time
 * (a failed login must take as long for a known account as for an unknown one). */
export function recordSecurityEventLater(s: ServiceContext, event: SecurityEvent): void {
  afterResponse(s, "security event", (db) => recordSecurityEvent(db, event));
}
