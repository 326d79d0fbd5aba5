/**
 * Overview: the words the web UI uses for auth events: a label per event type ("Sign-in
 *   failed"), a phrase per known `detail` reason, "×37" for a row that stands for many, and
 *   the device named from the user agent; gathered into one display row per event.
 * Architecture: shared presentation helpers (pure), used by the Activity page and the Sessions
 *   page's "Recent sign-ins" card.
 * Dependencies: the auth event types (core/graphql/auth-events.ts), describeUserAgent.
 * Concepts: a throttled flood is one row with a `count`; `detail` is a short machine-readable
 *   reason the server may add (unknown ones are shown as they come, underscores as spaces).
 */
import type { AuthEvent, AuthEventType } from '../../core/graphql/auth-events';
import { describeUserAgent } from '../format/user-agent';

/** A Record, so a type added to the contract breaks the build until it has a label. */
export const AUTH_EVENT_LABELS: Readonly<Record<AuthEventType, string>> = {
  SETUP_COMPLETED: 'Setup completed',
  LOGIN_SUCCEEDED: 'Signed in',
  LOGIN_FAILED: 'Sign-in failed',
  LOGIN_THROTTLED: 'Sign-in throttled',
  REFRESH_REUSE_DETECTED: 'Token reuse detected',
  LOGOUT: 'Signed out',
  SESSION_REVOKED: 'Session revoked',
  SESSION_EVICTED: 'Session evicted',
  SESSION_EXPIRED: 'Session expired',
  PASSWORD_CHANGED: 'Password changed',
  PASSWORD_RESET: 'Password reset (admin)',
};

const DETAILS: Readonly<Record<string, string>> = {
  signed_out_others: 'signed out everywhere else',
  password_changed: 'after a password change',
  password_reset: 'after a password reset',
  session_limit: 'session limit reached',
};

export function authEventLabel(type: AuthEventType): string {
  return AUTH_EVENT_LABELS[type] ?? type;
}

export function authEventDetail(detail: string | null): string | null {
  if (!detail) return null;
  return DETAILS[detail] ?? detail.replaceAll('_', ' ');
}

/** "×37" for a row that stands for 37 attempts; null for a single one. */
export function authEventCount(count: number): string | null {
  return count > 1 ? `×${count}` : null;
}

/** An auth event with its words, as the tables and lists show it. */
export interface AuthEventRow extends AuthEvent {
  readonly label: string;
  readonly detailText: string | null;
  readonly countText: string | null;
  /** "Chrome on Linux"; null when no user agent was recorded (the CLI, a job). */
  readonly device: string | null;
}

export function toAuthEventRow(event: AuthEvent): AuthEventRow {
  return {
    ...event,
    label: authEventLabel(event.type),
    detailText: authEventDetail(event.detail),
    countText: authEventCount(event.count),
    device: event.userAgent ? describeUserAgent(event.userAgent) : null,
  };
}
