/**
 * Overview: the user's sessions (device, address, when signed in, last used, ends by), the current
 *   one marked, with a button to end each of the others and one to end them all (confirmed first),
 *   and below them the user's recent sign-ins.
 * Architecture: feature page (route /sessions inside LayoutComponent); the sessions come over
 *   REST, the recent sign-ins card reads GraphQL on its own (RecentSignInsComponent).
 * Dependencies: the AUTH_API port, RecentSignInsComponent, Taiga UI (button, badge, loader,
 *   notification), DatePipe.
 * Concepts: a session is one sign-in on one device; revoking it stops its tokens at once; the
 *   current session is ended with "Log out", not from this list; "sign out all other sessions"
 *   asks for confirmation in place, then ends every session but this one in one request.
 */
import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { TuiButton, TuiLoader, TuiNotification } from '@taiga-ui/core';
import { TuiBadge, TuiButtonLoading } from '@taiga-ui/kit';
import { firstValueFrom } from 'rxjs';
import { AUTH_API } from '../../core/auth/auth-api';
import type { SessionInfo } from '../../core/auth/auth.models';
import { toApiError } from '../../core/http/api-error';
import { describeUserAgent } from '../../shared/format/user-agent';
import { RecentSignInsComponent } from './recent-sign-ins/recent-sign-ins.component';

export interface SessionRow extends SessionInfo {
  readonly device: string;
}

@Component({
  selector: 'nb-sessions',
  imports: [
    DatePipe,
    RecentSignInsComponent,
    TuiBadge,
    TuiButton,
    TuiButtonLoading,
    TuiLoader,
    TuiNotification,
  ],
  templateUrl: './sessions.component.html',
  styleUrl: './sessions.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SessionsComponent {
  private readonly api = inject(AUTH_API);

  protected readonly sessions = signal<readonly SessionRow[] | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly notice = signal<string | null>(null);
  protected readonly revoking = signal<ReadonlySet<string>>(new Set());
  protected readonly confirmingOthers = signal(false);
  protected readonly signingOutOthers = signal(false);
  protected readonly otherCount = computed(
    () => this.sessions()?.filter((session) => !session.current).length ?? 0,
  );

  constructor() {
    void this.load();
  }

  async load(): Promise<void> {
    this.error.set(null);
    try {
      const { sessions } = await firstValueFrom(this.api.listSessions());
      this.sessions.set(
        [...sessions]
          .sort(
            (a, b) =>
              Number(b.current) - Number(a.current) || b.lastUsedAt.localeCompare(a.lastUsedAt),
          )
          .map((session) => ({ ...session, device: describeUserAgent(session.userAgent) })),
      );
    } catch (caught) {
      this.error.set(toApiError(caught).message);
    }
  }

  async revoke(session: SessionRow): Promise<void> {
    if (session.current || this.revoking().has(session.id)) return;
    this.revoking.update((ids) => new Set(ids).add(session.id));
    this.error.set(null);
    this.notice.set(null);
    try {
      await firstValueFrom(this.api.revokeSession(session.id));
      this.remove(session.id);
      this.notice.set(`Signed out ${session.device}.`);
    } catch (caught) {
      const error = toApiError(caught);
      if (error.status === 404)
        this.remove(session.id); // already gone
      else this.error.set(error.message);
    } finally {
      this.revoking.update((ids) => {
        const next = new Set(ids);
        next.delete(session.id);
        return next;
      });
    }
  }

  /** First click: ask. The confirmation's own button calls signOutOthers. */
  askSignOutOthers(): void {
    this.notice.set(null);
    this.confirmingOthers.set(true);
  }

  cancelSignOutOthers(): void {
    this.confirmingOthers.set(false);
  }

  async signOutOthers(): Promise<void> {
    if (this.signingOutOthers()) return;
    this.signingOutOthers.set(true);
    this.error.set(null);
    this.notice.set(null);
    try {
      const { count } = await firstValueFrom(this.api.signOutOtherSessions());
      this.sessions.update((list) => list?.filter((session) => session.current) ?? null);
      this.notice.set(
        count === 1 ? 'Signed out 1 other session.' : `Signed out ${count} other sessions.`,
      );
      this.confirmingOthers.set(false);
    } catch (caught) {
      this.error.set(toApiError(caught).message);
    } finally {
      this.signingOutOthers.set(false);
    }
  }

  private remove(id: string): void {
    this.sessions.update((list) => list?.filter((session) => session.id !== id) ?? null);
  }
}
