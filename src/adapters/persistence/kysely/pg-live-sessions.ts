/**
 * Overview: LiveSessions on PostgreSQL: a bounded per-process cache of live sessions, kept exact
 *   by LISTEN/NOTIFY on a dedicated connection, with last-used times written in batches.
 * Architecture: persistence adapter (pg) for the application's LiveSessions port; also the sink
 *   to which this process's own repositories hand the sessions they end.
 * Dependencies: pg, lru-cache, the session channel (session-changes.ts), the domain's session rules
 *   (isSessionLive decides every answer, cached or loaded; the SQL below mirrors recordAccessUse
 *   and touchSession).
 * Concepts: the cache is trusted only while the listener is connected and hears its own
 *   heartbeat notifications; losing it drops the cache and sends every check to PostgreSQL until
 *   LISTEN is back. A load that began before a change to its session (an "epoch" older than the
 *   change) is not cached; an entry answers only for tokens of its generation (or, for a token
 *   without one, issued before the load), and for at most 5 minutes.
 */
import { randomUUID } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import pg from 'pg';
import type {
  LiveSessions,
  LiveSessionsStatus,
  PresentedToken,
  SessionSnapshot,
} from '../../../application/index.js';
import { isSessionLive, type UserRole } from '../../../domain/index.js';
import { applyNotification, SESSION_CHANNEL, type SessionChangeSink } from './session-changes.js';
import { translateOutage } from './unavailable.js';
import { isUuid } from './uuid.js';

export const LISTENER_APPLICATION_NAME = 'nimbus-session-listener';

export interface PgLiveSessionsOptions {
  readonly pool: pg.Pool;
  /** Most sessions kept in memory (least recently used out); 0 keeps none. */
  readonly maxEntries: number;
  /** Told when the state becomes trusted or stops being trusted. */
  readonly onStatus?: (status: LiveSessionsStatus, error?: Error) => void;
  /** Told when a batch of last-used times could not be written. */
  readonly onTouchError?: (error: Error) => void;
  readonly flushIntervalMs?: number;
  readonly heartbeatMs?: number;
}

interface Entry {
  sessionId: string;
  userId: string;
  live: true;
  user: SessionSnapshot['user'];
  lastUsedAt: Date;
  refreshRotatedAt: Date | null;
  generation: number;
  accessUsedAt: Date | null;
  /** Only live, unrevoked sessions are cached (a revocation deletes the entry): expiry ends them. */
  expiresAt: Date;
  /** The `now` of the load: the entry answers only for tokens issued in an earlier second. */
  loadedAtMs: number;
}

interface SessionUserRow {
  user_id: string;
  expires_at: Date;
  revoked_at: Date | null;
  last_used_at: Date;
  refresh_rotated_at: Date | null;
  generation: number;
  access_used_at: Date | null;
  uid: string | null;
  email: string | null;
  provider_id: string | null;
  role: UserRole | null;
  created_at: Date | null;
}

// One round trip for the session and its (live) user; named, so PostgreSQL plans it once.
const FIND_QUERY = {
  name: 'nimbus-live-session',
  text: `select s.user_id, s.expires_at, s.revoked_at, s.last_used_at, s.refresh_rotated_at, s.generation,
                s.access_used_at,
                u.id as uid, u.email, u.provider_id, u.role, u.created_at
           from sessions s left join users u on u.id = s.user_id and u.deleted_at is null
          where s.id = $1`,
};
// The domain's recordAccessUse: once, and only for the generation the token belongs to.
const MARK_ACCESS_USED_QUERY = {
  name: 'nimbus-access-used',
  text: 'update sessions set access_used_at = $2 where id = $1 and generation = $3 and access_used_at is null',
};
const HEARTBEAT_QUERY = 'select pg_notify($1, $2)';
// The domain's touchSession, in batches: the last-used time only moves forward.
const TOUCH_QUERY = `update sessions s set last_used_at = v.at
                       from unnest($1::uuid[], $2::timestamptz[]) as v(id, at)
                      where s.id = v.id and s.last_used_at < v.at`;
// A backstop for changes made without a notification (a writer that predates them, SQL by hand):
// no entry answers for longer than this.
const MAX_ENTRY_AGE_MS = 5 * 60_000;
const RECONNECT_MIN_MS = 100;
const RECONNECT_MAX_MS = 2_000;
// Remembered changes only matter to loads in flight; past this many the oldest are forgotten
// by raising the floor below which every load is refused a cache entry.
const MAX_REMEMBERED_CHANGES = 10_000;

export class PgLiveSessions implements LiveSessions, SessionChangeSink {
  private readonly cache: LRUCache<string, Entry> | null;
  private listener: pg.Client | null = null;
  private trusted = false;
  /** Bumped whenever trust is lost or regained: a load may only fill the generation it began in. */
  private generation = 0;
  private epoch = 0;
  private floor = 0;
  private readonly changedAt = new Map<string, number>();
  private pendingTouches = new Map<string, Date>();
  private started: Promise<void> | null = null;
  private closed = false;
  private reconnectDelay = RECONNECT_MIN_MS;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private readonly flushTimer: NodeJS.Timeout;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private heartbeatWaiter: { nonce: string; resolve: () => void } | null = null;

  constructor(private readonly options: PgLiveSessionsOptions) {
    this.cache = options.maxEntries > 0 ? new LRUCache({ max: options.maxEntries }) : null;
    this.flushTimer = setInterval(() => void this.flush(), options.flushIntervalMs ?? 1_000);
    this.flushTimer.unref();
  }

  start(): Promise<void> {
    return (this.started ??= this.connect());
  }

  /** How many sessions the cache holds now (a metrics gauge; O(1)). */
  get cachedCount(): number {
    return this.cache?.size ?? 0;
  }

  status(): LiveSessionsStatus {
    return this.trusted ? 'listening' : 'reconnecting';
  }

  async find(sessionId: string, now: Date, token: PresentedToken): Promise<SessionSnapshot | null> {
    if (this.trusted && this.cache) {
      const hit = this.cache.get(sessionId);
      if (hit) {
        if (
          !isSessionLive({ revokedAt: null, expiresAt: hit.expiresAt }, now) ||
          now.getTime() - hit.loadedAtMs > MAX_ENTRY_AGE_MS
        ) {
          this.cache.delete(sessionId);
        } else if (
          token.generation === undefined
            ? hit.loadedAtMs >= (token.issuedAt + 1) * 1000
            : hit.generation === token.generation
        ) {
          return hit;
        }
      }
    }
    if (!isUuid(sessionId)) return null;
    const began = { trusted: this.trusted, generation: this.generation, epoch: this.epoch };
    const result = await this.options.pool
      .query<SessionUserRow>({ ...FIND_QUERY, values: [sessionId] })
      .catch(translateOutage);
    const row = result.rows[0];
    if (!row) return null;
    const live = isSessionLive({ revokedAt: row.revoked_at, expiresAt: row.expires_at }, now);
    const user =
      row.uid && row.email && row.provider_id && row.role && row.created_at
        ? {
            id: row.uid,
            email: row.email,
            providerId: row.provider_id,
            role: row.role,
            createdAt: row.created_at,
          }
        : null;
    const snapshot = {
      sessionId,
      userId: row.user_id,
      live,
      user,
      lastUsedAt: row.last_used_at,
      refreshRotatedAt: row.refresh_rotated_at,
      generation: row.generation,
      accessUsedAt: row.access_used_at,
    };
    if (
      live &&
      user &&
      this.cache &&
      began.trusted &&
      this.trusted &&
      began.generation === this.generation &&
      !this.changedSince(began.epoch, sessionId, row.user_id)
    ) {
      this.cache.set(sessionId, {
        ...snapshot,
        live: true,
        expiresAt: row.expires_at,
        loadedAtMs: now.getTime(),
      });
    }
    return snapshot;
  }

  async markAccessUsed(snapshot: SessionSnapshot, at: Date): Promise<void> {
    await this.options.pool
      .query({ ...MARK_ACCESS_USED_QUERY, values: [snapshot.sessionId, at, snapshot.generation] })
      .catch(translateOutage);
    const entry = this.cache?.peek(snapshot.sessionId);
    if (entry && entry.accessUsedAt === null && entry.generation === snapshot.generation)
      entry.accessUsedAt = at;
  }

  touch(snapshot: SessionSnapshot, at: Date): void {
    const entry = this.cache?.peek(snapshot.sessionId);
    if (entry) entry.lastUsedAt = at;
    this.pendingTouches.set(snapshot.sessionId, at);
  }

  sessionsEnded(ids: readonly string[]): void {
    const epoch = this.nextEpoch();
    for (const id of ids) {
      this.cache?.delete(id);
      this.remember(id, epoch);
    }
  }

  usersEnded(ids: readonly string[]): void {
    const epoch = this.nextEpoch();
    const users = new Set(ids);
    for (const id of ids) this.remember(`user:${id}`, epoch);
    if (!this.cache) return;
    for (const [sessionId, entry] of this.cache.entries()) {
      if (users.has(entry.userId)) this.cache.delete(sessionId);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.flushTimer);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.distrust();
    const listener = this.listener;
    this.listener = null;
    await this.flush();
    await listener?.end().catch(() => undefined);
  }

  private nextEpoch(): number {
    this.epoch += 1;
    return this.epoch;
  }

  private remember(key: string, epoch: number): void {
    if (this.changedAt.size >= MAX_REMEMBERED_CHANGES) {
      this.changedAt.clear();
      this.floor = epoch;
    }
    this.changedAt.set(key, epoch);
  }

  private changedSince(epoch: number, sessionId: string, userId: string): boolean {
    if (epoch < this.floor) return true;
    return (
      (this.changedAt.get(sessionId) ?? 0) > epoch || (this.changedAt.get(`user:${userId}`) ?? 0) > epoch
    );
  }

  private distrust(): void {
    this.trusted = false;
    this.generation += 1;
    this.cache?.clear();
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({
      ...this.options.pool.options,
      application_name: LISTENER_APPLICATION_NAME,
      keepAlive: true,
    });
    let dead = false;
    const onLost = (error?: Error) => {
      if (dead) return;
      dead = true;
      client.removeAllListeners();
      client.on('error', () => undefined);
      void client.end().catch(() => undefined);
      if (this.listener === client) this.listener = null;
      if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
      this.heartbeatTimer = null;
      this.lost(error);
    };
    client.on('notification', (message) => {
      if (message.channel === SESSION_CHANNEL && message.payload) this.onNotification(message.payload);
    });
    client.on('error', onLost);
    client.on('end', () => onLost());
    try {
      await client.connect();
      await client.query(`LISTEN ${SESSION_CHANNEL}`);
    } catch (error) {
      onLost(error as Error);
      return;
    }
    if (dead) return;
    if (this.closed) {
      dead = true;
      await client.end().catch(() => undefined);
      return;
    }
    this.listener = client;
    this.reconnectDelay = RECONNECT_MIN_MS;
    // Whatever was cached before may have missed notifications: start afresh.
    this.distrust();
    this.trusted = true;
    this.startHeartbeat(client, onLost);
    this.options.onStatus?.('listening');
  }

  /** The listener failed or ended: stop trusting the cache and reconnect after a backoff. */
  private lost(error?: Error): void {
    if (this.closed) return;
    const wasTrusted = this.trusted;
    this.distrust();
    if (wasTrusted) this.options.onStatus?.('reconnecting', error);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.connect();
    }, this.reconnectDelay);
    this.reconnectTimer.unref();
    this.reconnectDelay = Math.min(this.reconnectDelay * 2, RECONNECT_MAX_MS);
  }

  /**
   * A listener can stay connected yet hear nothing (a half-open socket, a pooler that drops
   * LISTEN): every beat sends a nonce through the pool on the session channel, and a beat the
   * listener does not hear in time counts as a loss.
   */
  private startHeartbeat(client: pg.Client, onLost: (error: Error) => void): void {
    const every = this.options.heartbeatMs ?? 5_000;
    let beating = false;
    this.heartbeatTimer = setInterval(() => {
      if (beating) return;
      beating = true;
      const nonce = randomUUID();
      const heard = new Promise<void>((resolve) => (this.heartbeatWaiter = { nonce, resolve }));
      const timeout = new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error('the session listener did not hear its heartbeat')), every).unref(),
      );
      const sent = this.options.pool.query(HEARTBEAT_QUERY, [SESSION_CHANNEL, `h:${nonce}`]);
      Promise.race([Promise.all([sent, heard]), timeout])
        .catch((error: Error) => {
          if (this.listener === client) onLost(error);
        })
        .finally(() => {
          beating = false;
          this.heartbeatWaiter = null;
        });
    }, every);
    this.heartbeatTimer.unref();
  }

  private onNotification(payload: string): void {
    if (payload.startsWith('h:')) {
      if (this.heartbeatWaiter?.nonce === payload.slice(2)) this.heartbeatWaiter.resolve();
      return;
    }
    applyNotification(payload, this);
  }

  private flush(): Promise<void> {
    if (this.pendingTouches.size === 0) return this.flushing;
    const batch = this.pendingTouches;
    this.pendingTouches = new Map();
    const ids = [...batch.keys()];
    const times = [...batch.values()];
    this.flushing = this.flushing
      .then(() => this.options.pool.query(TOUCH_QUERY, [ids, times]))
      .then(
        () => undefined,
        (error: Error) => this.options.onTouchError?.(error),
      );
    return this.flushing;
  }
}
