/**
 * Overview: specs of the auth event words: every type of the contract has a label, a throttled
 *   flood reads "×N", known reasons read as phrases, and a row names the device.
 * Architecture: unit test of pure shared helpers.
 * Dependencies: Jest, the auth event types.
 * Concepts: `count` > 1 only for a throttled flood; `detail` is machine-readable.
 */
import { AUTH_EVENT_TYPES, type AuthEvent } from '../../core/graphql/auth-events';
import {
  AUTH_EVENT_LABELS,
  authEventCount,
  authEventDetail,
  toAuthEventRow,
} from './auth-event-text';

const EVENT: AuthEvent = {
  id: 'e-1',
  occurredAt: '2026-01-02T10:00:00.000Z',
  type: 'LOGIN_FAILED',
  outcome: 'FAILURE',
  userId: 'u-1',
  email: 'admin@example.com',
  ip: '10.0.0.9',
  userAgent: 'curl/8.5.0',
  count: 1,
  detail: null,
};

describe('auth event text', () => {
  it('labels every type of the contract in words, each differently', () => {
    const labels = AUTH_EVENT_TYPES.map((type) => AUTH_EVENT_LABELS[type]);
    expect(labels).toHaveLength(11);
    expect(new Set(labels).size).toBe(11);
    for (const label of labels) expect(label).toMatch(/^[A-Z][a-z ()-]+$/);
    expect(AUTH_EVENT_LABELS.LOGIN_FAILED).toBe('Sign-in failed');
  });

  it('writes ×N only for a row that stands for several attempts', () => {
    expect(authEventCount(1)).toBeNull();
    expect(authEventCount(37)).toBe('×37');
  });

  it('turns known reasons into phrases and keeps unknown ones readable', () => {
    expect(authEventDetail(null)).toBeNull();
    expect(authEventDetail('signed_out_others')).toBe('signed out everywhere else');
    expect(authEventDetail('some_new_reason')).toBe('some new reason');
  });

  it('builds a display row: label, count, device, nothing for a missing user agent', () => {
    const row = toAuthEventRow({ ...EVENT, count: 4 });
    expect(row).toMatchObject({ label: 'Sign-in failed', countText: '×4', device: 'curl' });
    expect(toAuthEventRow({ ...EVENT, userAgent: null }).device).toBeNull();
  });
});
