/**
 * Overview: what the use cases share to record auth events: the request's source, and the events
 *   of sessions ended together.
 * Architecture: application helper over the domain's AuthEvent.
 * Dependencies: the domain's authEvent.
 * Concepts: an event takes only the client's address, device and trace id from the input, never
 *   the input itself (which may hold a password or a token); `detail` says why a session ended;
 *   a throttled attempt is counted under the spent budget's window, so a flood is one row.
 */
import {
  authEvent,
  type AuthEventSource,
  type AuthEventType,
  type NewAuthEvent,
  type TooManyAttemptsError,
} from '../../domain/index.js';
import type { Repositories } from '../ports/unit-of-work.port.js';

/** Why sessions ended, as an event's `detail`. */
export const END_DETAIL = {
  revokedByUser: 'revoked_by_user',
  revokedByOperator: 'revoked_by_operator',
  signedOutOthers: 'signed_out_others',
  passwordChanged: 'password_changed',
  passwordReset: 'password_reset',
  sessionLimit: 'session_limit',
  userDeleted: 'user_deleted',
} as const;

/** Only the address, device and trace id of a client (null when unknown: jobs, the CLI). */
export function sourceOf(client: AuthEventSource = {}): AuthEventSource {
  return { ip: client.ip ?? null, userAgent: client.userAgent ?? null, traceId: client.traceId ?? null };
}

/** One event per ended session, all of one user, type and reason. */
export function endedSessionEvents(
  type: Extract<AuthEventType, 'SESSION_REVOKED' | 'SESSION_EVICTED'>,
  userId: string,
  sessionIds: readonly string[],
  detail: string,
  client: AuthEventSource,
  at: Date,
): NewAuthEvent[] {
  return sessionIds.map((sessionId) =>
    authEvent(type, at, { ...sourceOf(client), userId, sessionId, detail }),
  );
}

/**
 * Records a refused (throttled) sign-in attempt on its own statement: the first of its budget's
 * window becomes a LOGIN_THROTTLED event, the later ones raise its count.
 */
export async function recordThrottled(
  repos: Pick<Repositories, 'authEvents'>,
  refusal: TooManyAttemptsError,
  email: string,
  user: { readonly id: string } | null,
  client: AuthEventSource,
  at: Date,
): Promise<void> {
  // A throttle that does not name its budget counts per email and address, with no window.
  const key = refusal.budget?.window ?? `unscoped\n${email}\n${client.ip ?? ''}`;
  const event = authEvent('LOGIN_THROTTLED', at, {
    ...sourceOf(client),
    userId: user?.id ?? null,
    email,
    detail: refusal.budget?.scope ?? null,
  });
  await repos.authEvents.recordThrottled(event, key);
}
