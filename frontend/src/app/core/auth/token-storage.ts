/**
 * Overview: keeps the signed-in session (tokens, expiry times, user) in localStorage.
 * Architecture: core auth persistence, used only by AuthService.
 * Dependencies: @angular/core; the BROWSER_STORAGE token (localStorage by default).
 * Concepts: one JSON entry under one key, so another tab sees a rotation as one storage event;
 *   anything unreadable is dropped rather than trusted.
 */
import { inject, Injectable, InjectionToken } from '@angular/core';
import type { StoredSession } from './auth.models';

export const TOKEN_STORAGE_KEY = 'nimbus.auth';

export const BROWSER_STORAGE = new InjectionToken<Storage | null>('BROWSER_STORAGE', {
  providedIn: 'root',
  factory: () => {
    try {
      return globalThis.localStorage ?? null;
    } catch {
      return null; // storage disabled by the browser: sessions then last one page load
    }
  },
});

@Injectable({ providedIn: 'root' })
export class TokenStorage {
  private readonly storage = inject(BROWSER_STORAGE);

  read(): StoredSession | null {
    const raw = this.storage?.getItem(TOKEN_STORAGE_KEY);
    if (!raw) return null;
    try {
      const value: unknown = JSON.parse(raw);
      if (isStoredSession(value)) return value;
    } catch {
      // fall through: corrupt entry
    }
    this.clear();
    return null;
  }

  write(session: StoredSession): void {
    this.storage?.setItem(TOKEN_STORAGE_KEY, JSON.stringify(session));
  }

  clear(): void {
    this.storage?.removeItem(TOKEN_STORAGE_KEY);
  }
}

function isStoredSession(value: unknown): value is StoredSession {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const user = v['user'] as Record<string, unknown> | null | undefined;
  return (
    typeof v['accessToken'] === 'string' &&
    typeof v['refreshToken'] === 'string' &&
    typeof v['sessionId'] === 'string' &&
    typeof v['issuedAt'] === 'number' &&
    typeof v['expiresAt'] === 'number' &&
    typeof v['refreshExpiresAt'] === 'number' &&
    typeof user === 'object' &&
    user !== null &&
    typeof user['email'] === 'string' &&
    typeof user['id'] === 'string'
  );
}
