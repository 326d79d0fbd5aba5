/**
 * Overview: the "Recent sign-ins" card of the Sessions page: the signed-in user's last five
 *   sign-in attempts (succeeded, failed, throttled), failures marked, and a link to Activity.
 * Architecture: feature component of the sessions page; reads GraphQL `authEvents` through
 *   Apollo on its own, so its failure shows in the card and leaves the rest of the page alone.
 * Dependencies: Apollo, the auth events query (core/graphql), the shared auth event words,
 *   AuthService (the user's id), Taiga UI (link, loader), DatePipe.
 * Concepts: a failed or throttled sign-in with the user's email is how a stranger guessing the
 *   password shows up; the user's own id is passed even for an administrator, who would
 *   otherwise get everyone's.
 */
import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { TuiLink, TuiLoader } from '@taiga-ui/core';
import { Apollo } from 'apollo-angular';
import { catchError, map, type Observable, of } from 'rxjs';
import { AuthService } from '../../../core/auth/auth.service';
import { AUTH_EVENTS_QUERY, SIGN_IN_EVENT_TYPES } from '../../../core/graphql/auth-events';
import { toGraphqlError } from '../../../core/graphql/graphql-error';
import { type AuthEventRow, toAuthEventRow } from '../../../shared/auth-events/auth-event-text';
import { EventOutcomeComponent } from '../../../shared/auth-events/event-outcome.component';

export const RECENT_SIGN_INS = 5;

type CardState =
  | { readonly state: 'loading' }
  | { readonly state: 'ready'; readonly rows: readonly AuthEventRow[] }
  | { readonly state: 'error'; readonly message: string };

@Component({
  selector: 'nb-recent-sign-ins',
  imports: [DatePipe, RouterLink, EventOutcomeComponent, TuiLink, TuiLoader],
  templateUrl: './recent-sign-ins.component.html',
  styleUrl: './recent-sign-ins.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RecentSignInsComponent {
  private readonly apollo = inject(Apollo);
  private readonly userId = inject(AuthService).currentUser()?.id ?? null;

  private readonly card = toSignal(this.load(), {
    initialValue: { state: 'loading' } as CardState,
  });
  protected readonly rows = computed(() => {
    const card = this.card();
    return card.state === 'ready' ? card.rows : null;
  });
  protected readonly errorMessage = computed(() => {
    const card = this.card();
    return card.state === 'error' ? card.message : null;
  });

  private load(): Observable<CardState> {
    if (this.userId === null) return of({ state: 'error', message: 'You are signed out.' });
    return this.apollo
      .query({
        query: AUTH_EVENTS_QUERY,
        variables: { first: RECENT_SIGN_INS, types: SIGN_IN_EVENT_TYPES, userId: this.userId },
        fetchPolicy: 'no-cache',
      })
      .pipe(
        map(({ data }): CardState => ({
          state: 'ready',
          rows: (data?.authEvents.edges ?? []).map((edge) => toAuthEventRow(edge.node)),
        })),
        catchError((error: unknown) =>
          of<CardState>({ state: 'error', message: toGraphqlError(error).message }),
        ),
      );
  }
}
