// GenerationRoom: one per headshot generation. Holds its live state and fans every change out
// to the app's WebSocket clients (hibernation API: idle sockets cost nothing). Postgres is the
// record; this object only mirrors it, and `publish` refuses moves that would go backwards, so
// late or duplicated updates cannot confuse a client. Every change to the row is published here
// (headshots/generations.ts), together with the rest of what GET /v1/headshots/generations/{id}
// shows (`GenerationRecord`), so polling is answered from here without a database round trip.
// An empty room is re-seeded from Postgres by the Worker the first time it is asked.
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../worker/env";
import { canMove, type GenerationStatus } from "../worker/domain/generation";
import type { GenerationOutput, WithheldImage } from "../worker/db/schema";

export interface GenerationState {
  id: string;
  status: GenerationStatus;
  progress: number | null;
  renderer: string | null;
  imageCount: number;
  failureReason: string | null;
  message: string | null;
  updatedAt: string;
  /** Increases with every published change: clients can ignore anything older. */
  seq: number;
}

/** The rest of what a poll shows: not broadcast (it carries the owner and storage keys). */
export interface GenerationRecord {
  userId: string;
  styleId: string | null;
  photoId: string | null;
  /** R2 key of the selfie that was rendered (for the before/after link); absent in records from before it was kept. */
  selfieKey?: string;
  requestedCount: number;
  outputs: GenerationOutput[];
  /** Renders held back by the likeness check, and the credits given back at the end. */
  withheld: WithheldImage[];
  creditsRefunded: number;
  confidence: number | null;
  createdAt: string;
  processingStartedAt: string | null;
  processingCompletedAt: string | null;
  expiresAt: string;
}

export class GenerationRoom extends DurableObject<Env> {
  private state: GenerationState | undefined;
  private record: GenerationRecord | undefined;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      const stored = await ctx.storage.get<GenerationState | GenerationRecord>(["state", "record"]);
      this.state = stored.get("state") as GenerationState | undefined;
      this.record = stored.get("record") as GenerationRecord | undefined;
    });
  }

  async current(): Promise<GenerationState | null> {
    return this.state ?? null;
  }

  /** State and record, or null if this room was never seeded (or lost its storage). */
  async view(): Promise<{ state: GenerationState; record: GenerationRecord } | null> {
    return this.state && this.record ? { state: this.state, record: this.record } : null;
  }

  /**
   * Applies a change if it moves forward (a new status, more progress, or more images), stores
   * and broadcasts it.
   */
  async publish(next: Omit<GenerationState, "seq" | "updatedAt">, record: GenerationRecord): Promise<{ applied: boolean; state: GenerationState }> {
    const prev = this.state;
    if (prev) {
      const same = prev.status === next.status;
      const nothingNew = same && (next.progress ?? -1) <= (prev.progress ?? -1) && next.imageCount <= prev.imageCount;
      // A room without a record (seeded by an older build) takes one from a same-status publish.
      const fillsRecord = same && !this.record;
      if (!fillsRecord && (!canMove(prev.status, next.status) || nothingNew)) return { applied: false, state: prev };
    }
    const state: GenerationState = { ...next, seq: (prev?.seq ?? 0) + 1, updatedAt: new Date().toISOString() };
    this.state = state;
    this.record = record;
    await this.ctx.storage.put({ state, record });
    const message = JSON.stringify({ type: "state", state });
    for (const ws of this.ctx.getWebSockets()) {
      try {
        ws.send(message);
      } catch {
        // A socket closing right now: it is cleaned up by webSocketClose.
      }
    }
    return { applied: true, state };
  }

  /** WebSocket upgrade (authorised by the Worker before it gets here). */
  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") return new Response("expected a WebSocket", { status: 426 });
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server);
    if (this.state) server.send(JSON.stringify({ type: "state", state: this.state }));
    return new Response(null, { status: 101, webSocket: client });
  }

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    // Clients may ask for the current state again (e.g. after the app returns from background).
    if (message === "ping") ws.send(JSON.stringify({ type: "pong" }));
    else if (message === "state" && this.state) ws.send(JSON.stringify({ type: "state", state: this.state }));
  }

  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    ws.close(code === 1005 ? 1000 : code, "closing");
  }

  /** Account erasure or retention: forget the generation. */
  async erase(): Promise<void> {
    for (const ws of this.ctx.getWebSockets()) ws.close(1000, "deleted");
    this.state = undefined;
    this.record = undefined;
    await this.ctx.storage.deleteAll();
  }
}
