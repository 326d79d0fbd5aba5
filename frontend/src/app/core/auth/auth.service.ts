/**
 * Overview: the signed-in state of the web UI: login, logout, token refresh (timed and on
 *   demand, single-flight) and the user, exposed as signals.
 * Architecture: core auth service; talks to the back end through the AUTH_API port, persists
 *   through TokenStorage; the interceptors and guards read its signals.
 * Dependencies: AUTH_API, TokenStorage, Router.
 * Concepts: refresh-token rotation (every refresh answers a new refresh token and spends the old
 *   one, so two refreshes with one token must never race); the refresh runs 60 s before the
 *   access token expires; the tabs of a browser share one stored session and take turns to
 *   refresh it (a Web Lock), each adopting what the other stored.
 */
import { DOCUMENT } from '@angular/common';
import { computed, DestroyRef, inject, Injectable, signal } from '@angular/core';
import { Router } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { ApiError, toApiError } from '../http/api-error';
import { AUTH_API } from './auth-api';
import { type StoredSession, type TokenPair, toStoredSession, type User } from './auth.models';
import { TOKEN_STORAGE_KEY, TokenStorage } from './token-storage';

/** How long before the access token expires the timer refreshes it. */
export const REFRESH_LEAD_MS = 60_000;
/** Retry delay of a timed refresh that failed for a reason other than a rejected session. */
export const REFRESH_RETRY_MS = 15_000;
const MAX_TIMER_MS = 2_147_483_647;
const REFRESH_LOCK = 'nimbus.auth.refresh';

@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly api = inject(AUTH_API);
  private readonly storage = inject(TokenStorage);
  private readonly router = inject(Router);
  private readonly view = inject(DOCUMENT).defaultView;
  private readonly session = signal<StoredSession | null>(this.restoreFromStorage());
  private refreshing: Promise<string> | null = null;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private loggingOut = false;

  readonly currentUser = computed<User | null>(() => this.session()?.user ?? null);
  readonly isAuthenticated = computed(() => this.session() !== null);
  readonly accessToken = computed(() => this.session()?.accessToken ?? null);

  constructor() {
    const view = this.view;
    const onStorage = (event: StorageEvent): void => {
      if (event.key === TOKEN_STORAGE_KEY || event.key === null) this.adoptStoredSession();
    };
    view?.addEventListener('storage', onStorage);
    inject(DestroyRef).onDestroy(() => {
      view?.removeEventListener('storage', onStorage);
      clearTimeout(this.refreshTimer);
    });
    this.scheduleRefresh();
  }

  /** Signs in; on success the session is stored and the refresh timer runs. Throws ApiError. */
  async login(email: string, password: string): Promise<User> {
    const { user, ...tokens } = await firstValueFrom(this.api.login({ email, password }));
    this.startSession(tokens, user);
    return user;
  }

  /** Adopts tokens obtained elsewhere (the setup wizard's first admin session). */
  startSession(tokens: TokenPair, user: User): void {
    this.setSession(toStoredSession(tokens, user, Date.now()));
  }

  /**
   * Rotates the tokens once, however many callers ask at the same time: they all wait for the
   * same request and get the new access token. Throws ApiError when the server refuses.
   */
  refreshSession(): Promise<string> {
    this.refreshing ??= this.rotate().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  /** Re-reads the user from the API (start-up check of a restored session). */
  async reloadUser(): Promise<void> {
    if (!this.session()) return;
    try {
      const user = await firstValueFrom(this.api.me());
      const current = this.session();
      if (current) this.setSession({ ...current, user });
    } catch {
      // A rejected session is ended by the refresh interceptor; a network error keeps it.
    }
  }

  /** Ends the session on the server (best effort), forgets it here and goes to the login page. */
  async logout(): Promise<void> {
    this.loggingOut = true;
    try {
      if (this.session()) await firstValueFrom(this.api.logout());
    } catch {
      // The session is forgotten locally whatever the server said.
    } finally {
      this.loggingOut = false;
      this.clear();
    }
    await this.router.navigate(['/login']);
  }

  /** The server no longer accepts this session: forget it and ask the user to sign in again. */
  endSession(): void {
    const hadSession = this.session() !== null;
    this.clear();
    if (hadSession && !this.loggingOut) {
      void this.router.navigate(['/login'], { queryParams: { reason: 'expired' } });
    }
  }

  private async rotate(): Promise<string> {
    const spent = this.session()?.refreshToken;
    if (!spent) throw new ApiError(401, 'NOT_AUTHENTICATED', 'You are signed out.');
    return this.withRefreshLock(async () => {
      // Another tab may have rotated this refresh token while we waited: take its result
      // instead of presenting a spent token (which, after the grace window, revokes the session).
      const stored = this.storage.read();
      if (stored && stored.refreshToken !== spent) {
        this.session.set(stored);
        this.scheduleRefresh();
        return stored.accessToken;
      }
      const tokens = await firstValueFrom(this.api.refresh(spent));
      const user = this.session()?.user;
      if (!user) throw new ApiError(401, 'NOT_AUTHENTICATED', 'You signed out during the refresh.');
      this.setSession(toStoredSession(tokens, user, Date.now()));
      return tokens.accessToken;
    });
  }

  /** Tabs of this origin refresh one at a time (Web Locks; a plain call where unsupported). */
  private async withRefreshLock(task: () => Promise<string>): Promise<string> {
    const locks = this.view?.navigator.locks;
    return locks ? await locks.request(REFRESH_LOCK, task) : await task();
  }

  private restoreFromStorage(): StoredSession | null {
    const stored = this.storage.read();
    if (stored && stored.refreshExpiresAt <= Date.now()) {
      this.storage.clear();
      return null;
    }
    return stored;
  }

  private adoptStoredSession(): void {
    const stored = this.storage.read();
    if (stored?.accessToken === this.session()?.accessToken) return;
    if (stored) {
      this.session.set(stored);
      this.scheduleRefresh();
    } else {
      this.endSession(); // signed out in another tab
    }
  }

  private setSession(session: StoredSession): void {
    this.storage.write(session);
    this.session.set(session);
    this.scheduleRefresh();
  }

  private clear(): void {
    clearTimeout(this.refreshTimer);
    this.storage.clear();
    this.session.set(null);
  }

  private scheduleRefresh(): void {
    clearTimeout(this.refreshTimer);
    const session = this.session();
    if (!session) return;
    const lifetime = session.expiresAt - session.issuedAt;
    const lead = Math.min(REFRESH_LEAD_MS, lifetime / 2);
    const delay = Math.min(Math.max(0, session.expiresAt - lead - Date.now()), MAX_TIMER_MS);
    this.refreshTimer = setTimeout(() => this.refreshOnTimer(), delay);
  }

  private refreshOnTimer(): void {
    this.refreshSession().catch((error: unknown) => {
      if (isSessionRejected(error)) {
        this.endSession();
      } else {
        clearTimeout(this.refreshTimer);
        this.refreshTimer = setTimeout(() => this.refreshOnTimer(), REFRESH_RETRY_MS);
      }
    });
  }
}

/** The server refused the tokens themselves (as opposed to being unreachable or throttling). */
export function isSessionRejected(error: unknown): boolean {
  const { status } = toApiError(error);
  return status === 400 || status === 401 || status === 403;
}
