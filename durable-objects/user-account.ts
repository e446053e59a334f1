// UserAccount: one SQLite-backed Durable Object per user, the only place a balance or an
// entitlement changes. It serializes every spend, grant and refund for that user.
//
// Postgres stays the system of record through a transactional outbox:
// 1. Each change updates the DO's state AND appends an outbox row in one synchronous SQLite
//    transaction, so the two can never disagree, even if the DO dies right after.
// 2. The outbox is drained to Postgres in order (in the background after each change, and by the
//    alarm with backoff while Postgres is unreachable). Every row carries the ledger's unique
//    idempotency key and is inserted with ON CONFLICT DO NOTHING, then deleted from the outbox.
//    A crash between the insert and the delete replays the insert, which is a no-op: nothing is
//    lost (the outbox is durable) and nothing is duplicated (the key is unique).
// 3. A DO with no state (new, or its storage lost) rebuilds itself from Postgres: balance =
//    sum of ledger deltas, entitlement = the user row. `reconcile` compares and repairs.
// Spends need no Postgres round trip, which is what makes a user's DO fast (see bench/).
//
// It also keeps a copy of the user's profile (accounts/profile-record.ts), so GET /v1/me, the
// age gate and checkout need no database round trip either. Writes to those columns are made by
// the Worker in Postgres, bracketed by `beginProfileWrite` / `endProfileWrite`
// (accounts/profile-writes.ts), which keeps the copy exact:
// - while a write is open, reads go to Postgres (not cached), so a copy is never older than a
//   committed write whose request has answered;
// - the end hands over the committed row, which becomes the copy if no other write overlapped;
//   overlapping, failed or abandoned (expired) writes drop the copy, and the next read reloads
//   it from Postgres once.
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../worker/env";
import { loadConfig } from "../worker/env";
import { openDatabase, pgErrorCode } from "../worker/db/client";
import { readAccountFromLedger, readProfile, syncAccount, type LedgerEntry } from "../worker/billing/ledger-store";
import { dbTrace } from "../worker/db/client";
import { profileRecord, type ProfileRecord, type ProfileSource } from "../worker/accounts/profile-record";
import {
  applyEntitlement,
  available,
  debt,
  decideReserve,
  decideSettle,
  noEntitlement,
  tierOf,
  type Entitlement,
  type EntitlementChange,
  type ReservationState,
  type Tier,
} from "../worker/domain/ledger";
import { createLogger, describeError } from "../worker/log";

export interface AccountSnapshot {
  balance: number;
  debt: number;
  tier: Tier;
  unlimitedUntil: string | null;
  productId: string | null;
  /** Credits reserved for work in progress (already taken out of `balance`). */
  held: number;
  /** Ledger entries applied here but not yet written to Postgres. */
  pendingSync: number;
}

export interface Reservation {
  id: string;
  amount: number;
  unlimited: boolean;
  state: ReservationState;
  expiresAt: string;
}

export type ReserveResult =
  | { ok: true; reservation: Reservation; account: AccountSnapshot }
  | { ok: false; code: "insufficient_credits"; available: number; needed: number; account: AccountSnapshot };

export type SettleResult =
  | { ok: true; reservation: Reservation; account: AccountSnapshot }
  | { ok: false; code: "reservation_not_found" | "reservation_already_committed" | "reservation_already_released" };

export interface ReconcileResult {
  userId: string;
  before: number;
  ledger: number;
  repaired: boolean;
}

const DEFAULT_RESERVATION_TTL_MS = 15 * 60_000;
const MAX_DRAIN_BACKOFF_MS = 5 * 60_000;
const DRAIN_BATCH_WINDOW_MS = 50;
/**
 * How long an operation's key (and a settled reservation) is remembered for replays. Far longer
 * than any provider retries a webhook (Stripe: 3 days) or a client retries a request; the
 * Postgres ledger's unique idempotency key stays the final guard.
 */
export const OP_RETENTION_MS = 90 * 86_400_000;
const PRUNE_INTERVAL_MS = 3_600_000;
/** An open profile write older than this is treated as abandoned (far longer than a request). */
export const PROFILE_WRITE_LEASE_MS = 60_000;

type Row = Record<string, SqlStorageValue>;

export class UserAccount extends DurableObject<Env> {
  private sql = this.ctx.storage.sql;
  private loaded = false;
  private draining: Promise<void> | undefined;
  private drainFailures = 0;
  /** The alarm time this object last set (undefined: unknown, read it from storage). */
  private alarmAt: number | null | undefined;
  /** When old op keys and settled reservations were last pruned (per instance, in memory). */
  private prunedAt = 0;
  private log = createLogger({ component: "UserAccount", id: this.ctx.id.toString() });
  /** Profile writes begun by this instance: a reload that saw one begin must not be cached. */
  private profileWritesBegun = 0;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => this.createTables());
  }

  private createTables() {
    this.sql.exec(`
      create table if not exists account (id integer primary key check (id = 1), user_id text not null,
        balance integer not null, unlimited_until integer, product_id text, watermark integer not null default 0);
      create table if not exists ops (key text primary key, result text not null, created_at integer not null);
      create index if not exists ops_created on ops (created_at);
      create table if not exists reservations (id text primary key, op_key text not null unique, amount integer not null,
        unlimited integer not null, state text not null, expires_at integer not null, created_at integer not null);
      create index if not exists reservations_held on reservations (state, expires_at);
      create table if not exists outbox (seq integer primary key autoincrement, entry text not null);
      create table if not exists profile (id integer primary key check (id = 1), record text not null);
      create table if not exists profile_writes (id text primary key, expires_at integer not null);
      create table if not exists profile_flags (id integer primary key check (id = 1), contended integer not null);
    `);
    this.loaded = this.sql.exec("select 1 from account").toArray().length > 0;
  }

  // ---- RPC -------------------------------------------------------------------------------

  async balance(userId: string): Promise<AccountSnapshot> {
    await this.load(userId);
    return this.snapshot();
  }

  /** GET /v1/me in one call: the profile copy and the balance. Null if the user does not exist. */
  async me(userId: string): Promise<{ profile: ProfileRecord; account: AccountSnapshot } | null> {
    if (!(await this.tryLoad(userId))) return null;
    const profile = await this.profileCopy(userId);
    return profile ? { profile, account: this.snapshot() } : null;
  }

  /** The profile copy alone (the age gate, checkout). Null if the user does not exist. */
  async profile(userId: string): Promise<ProfileRecord | null> {
    if (!(await this.tryLoad(userId))) return null;
    return (await this.profileCopy(userId)) ?? null;
  }

  /** Before the Worker writes profile columns in Postgres; returns the write's id. */
  async beginProfileWrite(): Promise<string> {
    this.expireProfileWrites();
    const id = crypto.randomUUID();
    this.ctx.storage.transactionSync(() => {
      if (this.openProfileWrites() > 0) this.markContended();
      this.sql.exec("insert into profile_writes (id, expires_at) values (?, ?)", id, Date.now() + PROFILE_WRITE_LEASE_MS);
    });
    this.profileWritesBegun++;
    return id;
  }

  /** After the write: `committed` is the row as committed, or null if it failed or is unknown. */
  async endProfileWrite(id: string, committed: ProfileRecord | null): Promise<void> {
    this.expireProfileWrites();
    this.ctx.storage.transactionSync(() => {
      const known = this.sql.exec("delete from profile_writes where id = ? returning id", id).toArray().length > 0;
      if (!known || !committed) this.markContended();
      if (this.openProfileWrites() > 0) {
        // Which of the overlapping writes committed last is unknown: reload once they are done.
        this.markContended();
        this.sql.exec("delete from profile");
      } else if (this.contended()) {
        this.sql.exec("delete from profile");
        this.sql.exec("delete from profile_flags");
      } else {
        this.storeProfile(committed!);
      }
    });
  }

  /** Adds credits once per key (a purchase, a promo, a refund of a failed job). */
  async grant(userId: string, amount: number, reason: string, key: string, reference?: Record<string, unknown>): Promise<{ applied: boolean; account: AccountSnapshot }> {
    if (!Number.isInteger(amount) || amount < 1) throw new RangeError("amount must be a positive integer");
    await this.load(userId);
    const result = this.once(key, () => {
      this.applyDelta({ delta: amount, reason, key, reference });
      return { applied: true };
    });
    return { applied: result.applied && !result.replayed, account: this.snapshot() };
  }

  /** Takes credits back once per key (a refunded purchase). May leave a debt, never a negative balance. */
  async clawback(userId: string, amount: number, reason: string, key: string, reference?: Record<string, unknown>): Promise<{ applied: boolean; account: AccountSnapshot }> {
    if (!Number.isInteger(amount) || amount < 1) throw new RangeError("amount must be a positive integer");
    await this.load(userId);
    const result = this.once(key, () => {
      this.applyDelta({ delta: -amount, reason, key, reference });
      return { applied: true };
    });
    return { applied: result.applied && !result.replayed, account: this.snapshot() };
  }

  /** Holds `amount` credits for a job. The same key always returns the first reservation made with it. */
  async reserve(userId: string, amount: number, key: string, ttlMs = DEFAULT_RESERVATION_TTL_MS): Promise<ReserveResult> {
    await this.load(userId);
    const now = Date.now();
    const outcome = this.once(
      `reserve:${key}`,
      () => {
        const state = this.state();
        const decision = decideReserve(state.balance, state.entitlement, amount, now);
        if (!decision.ok) return { ok: false as const, code: decision.code, available: decision.available, needed: decision.needed };
        const id = crypto.randomUUID();
        this.sql.exec(
          "insert into reservations (id, op_key, amount, unlimited, state, expires_at, created_at) values (?, ?, ?, ?, 'held', ?, ?)",
          id,
          key,
          decision.debit,
          decision.unlimited ? 1 : 0,
          now + ttlMs,
          now,
        );
        // Ledger keys are global in Postgres, so the client's key is scoped to this user.
        if (decision.debit > 0) this.applyDelta({ delta: -decision.debit, reason: "reserve", key: `reserve:${userId}:${key}`, reference: { reservationId: id, key } });
        return { ok: true as const, reservationId: id };
      },
      // A refusal holds nothing: after buying credits, a retry with the same key can go ahead.
      (result) => result.ok,
    );
    await this.scheduleAlarm();
    if (!outcome.ok) return { ...outcome, account: this.snapshot() };
    return { ok: true, reservation: this.reservation(outcome.reservationId)!, account: this.snapshot() };
  }

  /** Makes a reservation's debit final (the job succeeded). Idempotent. */
  async commit(userId: string, reservationId: string): Promise<SettleResult> {
    await this.load(userId);
    return this.settle(reservationId, "commit");
  }

  /** Gives a held reservation's credits back (the job failed or was canceled). Idempotent. */
  async release(userId: string, reservationId: string): Promise<SettleResult> {
    await this.load(userId);
    return this.settle(reservationId, "release");
  }

  /**
   * Applies a subscription change if it is newer than the last one (RevenueCat events arrive
   * late, twice and out of order).
   */
  async setEntitlement(userId: string, change: EntitlementChange): Promise<{ applied: boolean; account: AccountSnapshot }> {
    await this.load(userId);
    const { next, applied } = applyEntitlement(this.state().entitlement, change);
    if (applied) {
      this.ctx.storage.transactionSync(() => {
        this.sql.exec("update account set unlimited_until = ?, product_id = ?, watermark = ? where id = 1", next.unlimitedUntil, next.productId, next.watermark);
        this.sql.exec("insert into outbox (entry) values (?)", JSON.stringify({ kind: "entitlement" }));
      });
      this.kickDrain();
    }
    return { applied, account: this.snapshot() };
  }

  /** Writes every pending outbox entry to Postgres now. Throws if Postgres is unreachable. */
  async flush(): Promise<void> {
    await this.drain();
    if (this.pendingCount() > 0) throw new Error("outbox not drained: Postgres unreachable");
  }

  /** Compares the balance here with the Postgres ledger and repairs this copy from it. */
  async reconcile(userId: string): Promise<ReconcileResult> {
    await this.load(userId);
    await this.flush();
    const handle = openDatabase(loadConfig(this.env));
    try {
      const pg = await readAccountFromLedger(handle.db, userId);
      const before = this.state().balance;
      const repaired = before !== pg.balance || this.state().entitlement.watermark < pg.entitlement.watermark;
      if (repaired) {
        this.log.warn("reconcile: repairing from Postgres", { userId, before, ledger: pg.balance });
        this.sql.exec(
          "update account set balance = ?, unlimited_until = ?, product_id = ?, watermark = ? where id = 1",
          pg.balance,
          pg.entitlement.unlimitedUntil,
          pg.entitlement.productId,
          Math.max(pg.entitlement.watermark, this.state().entitlement.watermark),
        );
      }
      return { userId, before, ledger: pg.balance, repaired };
    } finally {
      this.ctx.waitUntil(handle.close());
    }
  }

  /** Account erasure: forget everything (Postgres rows are deleted by the caller). */
  async erase(): Promise<void> {
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    this.alarmAt = null;
    this.createTables();
  }

  /** Expires stale reservations and retries the outbox drain. */
  override async alarm(): Promise<void> {
    this.alarmAt = null; // this alarm has fired; the next one is set below if needed
    if (!this.loaded) return;
    const now = Date.now();
    const stale = this.sql.exec("select id from reservations where state = 'held' and expires_at <= ?", now).toArray();
    for (const r of stale) {
      this.settle(String(r.id), "release");
      this.log.info("reservation expired and released", { reservationId: r.id });
    }
    await this.drain();
    await this.scheduleAlarm();
  }

  // ---- internals -------------------------------------------------------------------------

  /** First use (or lost storage): rebuild from Postgres, the system of record. */
  private async load(userId: string): Promise<void> {
    if (!(await this.tryLoad(userId))) throw new Error(`no user ${userId}`);
  }

  /** Like `load`, but says whether the user exists instead of throwing. */
  private async tryLoad(userId: string): Promise<boolean> {
    if (this.loaded) {
      this.assertOwner(userId);
      return true;
    }
    // Throwing inside blockConcurrencyWhile would reset the object, so a missing user is
    // reported after it.
    let missing = false;
    await this.ctx.blockConcurrencyWhile(async () => {
      if (this.loaded) return;
      const handle = openDatabase(loadConfig(this.env));
      try {
        const begun = this.profileWritesBegun;
        // One query rebuilds the account and the profile copy.
        const pg = await dbTrace.run(this.traceTag(userId), () => readAccountFromLedger(handle.db, userId));
        if (!pg.exists) {
          missing = true;
          return;
        }
        this.sql.exec(
          "insert into account (id, user_id, balance, unlimited_until, product_id, watermark) values (1, ?, ?, ?, ?, ?)",
          userId,
          pg.balance,
          pg.entitlement.unlimitedUntil,
          pg.entitlement.productId,
          pg.entitlement.watermark,
        );
        if (pg.profile) this.cacheReloadedProfile(pg.profile, begun);
        this.loaded = true;
      } finally {
        this.ctx.waitUntil(handle.close());
      }
    });
    if (missing) return false;
    this.assertOwner(userId);
    return true;
  }

  /** Names this object's database connections for the local proxy's counters (tests, bench). */
  private traceTag(userId: string) {
    return `UserAccount:${userId}`;
  }

  // ---- the profile copy ------------------------------------------------------------------

  private openProfileWrites(): number {
    return Number(this.sql.exec("select count(*) as n from profile_writes").one().n);
  }

  private contended(): boolean {
    return this.sql.exec("select 1 from profile_flags where contended = 1").toArray().length > 0;
  }

  private markContended() {
    this.sql.exec("insert into profile_flags (id, contended) values (1, 1) on conflict (id) do update set contended = 1");
  }

  private storeProfile(record: ProfileRecord) {
    this.sql.exec("insert into profile (id, record) values (1, ?) on conflict (id) do update set record = excluded.record", JSON.stringify(record));
  }

  /** Writes whose request never came back (the Worker died mid-write): their outcome is unknown. */
  private expireProfileWrites() {
    const expired = this.sql.exec("delete from profile_writes where expires_at <= ? returning id", Date.now()).toArray();
    if (expired.length) {
      this.markContended();
      this.sql.exec("delete from profile");
    }
  }

  /** A row read from Postgres becomes the copy only if no write began or is open meanwhile. */
  private cacheReloadedProfile(row: ProfileSource, begunBefore: number) {
    if (begunBefore !== this.profileWritesBegun || this.openProfileWrites() > 0) return;
    this.ctx.storage.transactionSync(() => {
      this.storeProfile(profileRecord(row));
      this.sql.exec("delete from profile_flags");
    });
  }

  private async profileCopy(userId: string): Promise<ProfileRecord | undefined> {
    this.expireProfileWrites();
    if (this.openProfileWrites() === 0) {
      const cached = this.sql.exec("select record from profile").toArray()[0];
      if (cached) return JSON.parse(String(cached.record)) as ProfileRecord;
    }
    // No copy, or a write is in flight: Postgres answers (and refills the copy when it may).
    const begun = this.profileWritesBegun;
    const handle = openDatabase(loadConfig(this.env));
    try {
      const row = await dbTrace.run(this.traceTag(userId), () => readProfile(handle.db, userId));
      if (!row) return undefined;
      this.cacheReloadedProfile(row, begun);
      return profileRecord(row);
    } finally {
      this.ctx.waitUntil(handle.close());
    }
  }

  private assertOwner(userId: string) {
    const owner = this.sql.exec("select user_id from account").one().user_id;
    if (owner !== userId) throw new Error("UserAccount addressed with the wrong user id");
  }

  private state(): { userId: string; balance: number; entitlement: Entitlement } {
    const row = this.sql.exec("select * from account").one() as Row;
    return {
      userId: String(row.user_id),
      balance: Number(row.balance),
      entitlement: {
        unlimitedUntil: row.unlimited_until === null ? null : Number(row.unlimited_until),
        productId: row.product_id === null ? null : String(row.product_id),
        watermark: Number(row.watermark ?? noEntitlement.watermark),
      },
    };
  }

  private pendingCount(): number {
    return Number(this.sql.exec("select count(*) as n from outbox").one().n);
  }

  private snapshot(): AccountSnapshot {
    const { balance, entitlement } = this.state();
    return {
      balance: available(balance),
      debt: debt(balance),
      tier: tierOf(balance, entitlement, Date.now()),
      unlimitedUntil: entitlement.unlimitedUntil && entitlement.unlimitedUntil > Date.now() ? new Date(entitlement.unlimitedUntil).toISOString() : null,
      productId: entitlement.productId,
      held: Number(this.sql.exec("select coalesce(sum(amount), 0) as held from reservations where state = 'held' and unlimited = 0").one().held),
      pendingSync: this.pendingCount(),
    };
  }

  private reservation(id: string): Reservation | undefined {
    const r = this.sql.exec("select * from reservations where id = ?", id).toArray()[0] as Row | undefined;
    if (!r) return undefined;
    return { id, amount: Number(r.amount), unlimited: r.unlimited === 1, state: r.state as ReservationState, expiresAt: new Date(Number(r.expires_at)).toISOString() };
  }

  /** Runs `fn` once per key inside one SQLite transaction and remembers its result. */
  /**
   * Runs `fn` once per key and answers every later call with its first result. A result that
   * `remember` rejects (a refusal that changed nothing) is not kept: the next call decides afresh.
   */
  private once<T extends object>(key: string, fn: () => T, remember: (result: T) => boolean = () => true): T & { replayed: boolean } {
    return this.ctx.storage.transactionSync(() => {
      const prior = this.sql.exec("select result from ops where key = ?", key).toArray()[0];
      if (prior) return { ...(JSON.parse(String(prior.result)) as T), replayed: true };
      const result = fn();
      if (!remember(result)) return { ...result, replayed: false };
      this.sql.exec("insert into ops (key, result, created_at) values (?, ?, ?)", key, JSON.stringify(result), Date.now());
      this.pruneOccasionally();
      return { ...result, replayed: false };
    });
  }

  /** Forgets op keys and settled reservations older than OP_RETENTION_MS, at most hourly. */
  private pruneOccasionally(now = Date.now()): void {
    if (now - this.prunedAt < PRUNE_INTERVAL_MS) return;
    this.prunedAt = now;
    const before = now - OP_RETENTION_MS;
    this.sql.exec("delete from ops where created_at < ?", before);
    this.sql.exec("delete from reservations where state != 'held' and created_at < ?", before);
  }

  /** Balance change + outbox row, in the caller's transaction. */
  private applyDelta(entry: LedgerEntry) {
    this.sql.exec("update account set balance = balance + ? where id = 1", entry.delta);
    this.sql.exec("insert into outbox (entry) values (?)", JSON.stringify({ kind: "ledger", ...entry }));
    this.kickDrain();
  }

  private settle(reservationId: string, action: "commit" | "release"): SettleResult {
    const outcome = this.ctx.storage.transactionSync(() => {
      const current = this.reservation(reservationId);
      const decision = decideSettle(current?.state, action);
      if (!decision.ok || !decision.changed) return decision;
      this.sql.exec("update reservations set state = ? where id = ?", decision.state, reservationId);
      if (action === "release" && current!.amount > 0) {
        this.applyDelta({ delta: current!.amount, reason: "release", key: `release:${reservationId}`, reference: { reservationId } });
      }
      return decision;
    });
    if (!outcome.ok) return outcome;
    return { ok: true, reservation: this.reservation(reservationId)!, account: this.snapshot() };
  }

  private kickDrain() {
    this.ctx.waitUntil(this.drain());
  }

  /** One drain at a time; entries added meanwhile are picked up by the loop. */
  private drain(): Promise<void> {
    this.draining ??= this.drainLoop().finally(() => (this.draining = undefined));
    return this.draining;
  }

  private async drainLoop(): Promise<void> {
    // A short batching window: under load, many changes go to Postgres in one transaction
    // instead of one connection per change (spends never wait for this).
    await new Promise((resolve) => setTimeout(resolve, DRAIN_BATCH_WINDOW_MS));
    const handle = this.pendingCount() ? openDatabase(loadConfig(this.env)) : undefined;
    if (!handle) return;
    try {
      for (;;) {
        const rows = this.sql.exec("select seq, entry from outbox order by seq limit 500").toArray();
        if (!rows.length) break;
        const entries = rows.map((r) => JSON.parse(String(r.entry)) as ({ kind: "ledger" } & LedgerEntry) | { kind: "entitlement" });
        const ledger = entries.filter((e): e is { kind: "ledger" } & LedgerEntry => e.kind === "ledger");
        const { userId, balance, entitlement } = this.state();
        try {
          await dbTrace.run(this.traceTag(userId), () => syncAccount(handle.db, userId, ledger, entitlement, tierOf(balance, entitlement, Date.now())));
        } catch (err) {
          // The user was erased in Postgres: their pending entries have nowhere to go.
          if (pgErrorCode(err) !== "23503") throw err;
          this.log.warn("outbox entries dropped: user no longer exists", { userId, count: rows.length });
        }
        this.sql.exec("delete from outbox where seq <= ?", rows[rows.length - 1]!.seq);
      }
      this.drainFailures = 0;
    } catch (err) {
      this.drainFailures++;
      this.log.warn("outbox drain failed; will retry", { attempt: this.drainFailures, ...describeError(err) });
      const backoff = Math.min(1000 * 2 ** this.drainFailures, MAX_DRAIN_BACKOFF_MS);
      await this.scheduleAlarm(Date.now() + backoff);
    } finally {
      this.ctx.waitUntil(handle.close());
    }
  }

  /** One alarm serves both duties: the earliest reservation expiry and the next drain retry. */
  private async scheduleAlarm(drainRetryAt?: number): Promise<void> {
    const next = this.sql.exec("select min(expires_at) as at from reservations where state = 'held'").one().at;
    const candidates = [next === null ? Infinity : Number(next), drainRetryAt ?? Infinity];
    const at = Math.min(...candidates);
    if (at === Infinity) return;
    // Reading the alarm on every spend is a storage round trip; the value set last is enough.
    if (this.alarmAt === undefined) this.alarmAt = await this.ctx.storage.getAlarm();
    if (this.alarmAt === null || at < this.alarmAt) {
      await this.ctx.storage.setAlarm(at);
      this.alarmAt = at;
    }
  }
}
