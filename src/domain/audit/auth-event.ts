/**
 * Overview: the AuthEvent entity: one recorded authentication decision (the audit trail), its
 *   types, outcomes and the order events are read in.
 * Architecture: domain entity; persisted through AuthEventRepository.
 * Dependencies: none.
 * Concepts: an event never carries a secret (no password, token or hash); the user's email is
 *   stored only for attempts (LOGIN_FAILED, LOGIN_THROTTLED: the email tried), otherwise read from
 *   the user; throttled attempts of one budget and window share one event whose `count` grows;
 *   events are read newest first, by (occurredAt, id), so a position in that order is a cursor.
 */

export const AUTH_EVENT_TYPES = [
  'SETUP_COMPLETED',
  'LOGIN_SUCCEEDED',
  'LOGIN_FAILED',
  'LOGIN_THROTTLED',
  'REFRESH_REUSE_DETECTED',
  'LOGOUT',
  'SESSION_REVOKED',
  'SESSION_EVICTED',
  'SESSION_EXPIRED',
  'PASSWORD_CHANGED',
  'PASSWORD_RESET',
] as const;

export type AuthEventType = (typeof AUTH_EVENT_TYPES)[number];

export const AUTH_EVENT_OUTCOMES = ['SUCCESS', 'FAILURE'] as const;

export type AuthEventOutcome = (typeof AUTH_EVENT_OUTCOMES)[number];

/** Where a decision came from: the request's client and trace id (all null for jobs and the CLI). */
export interface AuthEventSource {
  readonly ip?: string | null;
  readonly userAgent?: string | null;
  readonly traceId?: string | null;
}

/** An event as written: the store gives it its id and a count of 1. */
export interface NewAuthEvent {
  readonly occurredAt: Date;
  readonly type: AuthEventType;
  readonly outcome: AuthEventOutcome;
  readonly userId: string | null;
  /** The email tried, for attempts that may match no user; null otherwise (read from the user). */
  readonly email: string | null;
  readonly sessionId: string | null;
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly traceId: string | null;
  /** A short machine-readable reason, e.g. `signed_out_others`, `session_limit`. */
  readonly detail: string | null;
}

/** A stored event, as read back. */
export interface AuthEvent extends NewAuthEvent {
  readonly id: string;
  /** 1, or how many throttled attempts this event stands for. */
  readonly count: number;
}

/** A place in the newest-first order; an event is "after" it when it is older. */
export interface AuthEventPosition {
  readonly occurredAt: Date;
  readonly id: string;
}

/** The fields of an event beyond its type and time; absent ones are null. */
export interface AuthEventFields extends AuthEventSource {
  readonly outcome?: AuthEventOutcome;
  readonly userId?: string | null;
  readonly email?: string | null;
  readonly sessionId?: string | null;
  readonly detail?: string | null;
}

/** Types whose decision is a refusal: their outcome is FAILURE unless stated otherwise. */
const FAILURES: ReadonlySet<AuthEventType> = new Set([
  'LOGIN_FAILED',
  'LOGIN_THROTTLED',
  'REFRESH_REUSE_DETECTED',
]);

/** An event of `type` at `at`; the outcome defaults to the type's (FAILURE for refusals). */
export function authEvent(type: AuthEventType, at: Date, fields: AuthEventFields = {}): NewAuthEvent {
  return {
    occurredAt: at,
    type,
    outcome: fields.outcome ?? (FAILURES.has(type) ? 'FAILURE' : 'SUCCESS'),
    userId: fields.userId ?? null,
    email: fields.email ?? null,
    sessionId: fields.sessionId ?? null,
    ip: fields.ip ?? null,
    userAgent: fields.userAgent ? fields.userAgent.slice(0, MAX_USER_AGENT_LENGTH) : null,
    traceId: fields.traceId ?? null,
    detail: fields.detail ?? null,
  };
}

const MAX_USER_AGENT_LENGTH = 512;

/** Newest first: later occurredAt first, then the greater id. Negative when `a` comes first. */
export function newestFirst(a: AuthEventPosition, b: AuthEventPosition): number {
  return b.occurredAt.getTime() - a.occurredAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/** True when `event` comes after `position` in the newest-first order (it is older). */
export function isAfter(event: AuthEventPosition, position: AuthEventPosition): boolean {
  return newestFirst(position, event) < 0;
}
