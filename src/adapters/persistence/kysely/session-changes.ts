/**
 * Overview: how a change that ends sessions reaches every API process: the NOTIFY channel and
 *   payload, and the in-process sink that the writing process applies before it answers.
 * Architecture: persistence adapter (Kysely + pg) helper shared by the repositories, the unit of
 *   work and PgLiveSessions.
 * Dependencies: none.
 * Concepts: the repositories send `pg_notify` in the statement (so in the transaction) that makes
 *   the change, and PostgreSQL delivers it only at commit; a transaction's changes are applied to
 *   this process's own state right after its commit.
 */

export const SESSION_CHANNEL = 'nimbus_sessions';
/** Ids per notification: PostgreSQL caps a payload at 8,000 bytes. */
export const IDS_PER_NOTIFICATION = 100;

/** Receives the ids of sessions that ended and of users deleted. */
export interface SessionChangeSink {
  sessionsEnded(ids: readonly string[]): void;
  usersEnded(ids: readonly string[]): void;
}

export const IGNORE_CHANGES: SessionChangeSink = { sessionsEnded() {}, usersEnded() {} };

/** Payloads: `s:<id>,<id>,…` for sessions, `u:<id>` for a deleted user (`h:` is a heartbeat). */
export function applyNotification(payload: string, sink: SessionChangeSink): boolean {
  const ids = payload.slice(2).split(',').filter(Boolean);
  if (payload.startsWith('s:')) sink.sessionsEnded(ids);
  else if (payload.startsWith('u:')) sink.usersEnded(ids);
  else return false;
  return true;
}

/** Collects a transaction's changes, to hand them to the real sink once it has committed. */
export class PendingChanges implements SessionChangeSink {
  private readonly sessions: string[] = [];
  private readonly users: string[] = [];

  sessionsEnded(ids: readonly string[]): void {
    this.sessions.push(...ids);
  }

  usersEnded(ids: readonly string[]): void {
    this.users.push(...ids);
  }

  flushTo(sink: SessionChangeSink): void {
    if (this.sessions.length > 0) sink.sessionsEnded(this.sessions);
    if (this.users.length > 0) sink.usersEnded(this.users);
  }
}
