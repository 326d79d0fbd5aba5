/**
 * Overview: the Activity page: auth events newest first (time, event, outcome, the user for an
 *   administrator, IP, device, "×N" for a throttled flood), a filter by event type and
 *   "Load more" paging.
 * Architecture: feature page (route /activity inside LayoutComponent); reads GraphQL
 *   `authEvents` through Apollo.
 * Dependencies: Apollo, the auth events query and its types (core/graphql), the shared auth
 *   event words, AuthService (the signed-in user's role), Taiga UI (filter chips, button, loader, notification), DatePipe.
 * Concepts: the connection is cursor-paginated: "Load more" asks for the page after the last
 *   one's `endCursor` and appends it (an event already shown is not shown twice); changing the
 *   filter starts again from the newest; an administrator sees every user's events, anyone else
 *   only their own, so only an administrator gets the user column.
 */
import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { TuiButton, TuiLoader, TuiNotification } from '@taiga-ui/core';
import { TuiBadge, TuiButtonLoading, TuiFilter } from '@taiga-ui/kit';
import { Apollo } from 'apollo-angular';
import { firstValueFrom } from 'rxjs';
import { AuthService } from '../../core/auth/auth.service';
import {
  AUTH_EVENT_TYPES,
  AUTH_EVENTS_QUERY,
  type AuthEventsVariables,
  type AuthEventType,
} from '../../core/graphql/auth-events';
import { toGraphqlError } from '../../core/graphql/graphql-error';
import {
  authEventLabel,
  type AuthEventRow,
  toAuthEventRow,
} from '../../shared/auth-events/auth-event-text';
import { EventOutcomeComponent } from '../../shared/auth-events/event-outcome.component';

export const ACTIVITY_PAGE_SIZE = 20;

@Component({
  selector: 'nb-activity',
  imports: [
    DatePipe,
    FormsModule,
    EventOutcomeComponent,
    TuiBadge,
    TuiButton,
    TuiButtonLoading,
    TuiFilter,
    TuiLoader,
    TuiNotification,
  ],
  templateUrl: './activity.component.html',
  styleUrl: './activity.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ActivityComponent {
  private readonly apollo = inject(Apollo);
  private readonly auth = inject(AuthService);
  /** Bumped by every new first page, so an answer to an older request is dropped. */
  private generation = 0;

  protected readonly typeOptions = AUTH_EVENT_TYPES;
  protected readonly typeLabel = ({ $implicit }: { $implicit: AuthEventType }): string =>
    authEventLabel($implicit);
  protected readonly isAdmin = computed(() => this.auth.currentUser()?.role === 'admin');
  protected readonly types = signal<readonly AuthEventType[]>([]);
  protected readonly rows = signal<readonly AuthEventRow[] | null>(null);
  protected readonly hasNextPage = signal(false);
  protected readonly loadingMore = signal(false);
  protected readonly error = signal<string | null>(null);
  private endCursor: string | null = null;

  constructor() {
    void this.reload();
  }

  setTypes(types: readonly AuthEventType[]): void {
    this.types.set(types);
    void this.reload();
  }

  /** Starts again from the newest event (first load, Refresh, a new filter). */
  async reload(): Promise<void> {
    this.generation += 1;
    this.rows.set(null);
    this.hasNextPage.set(false);
    this.loadingMore.set(false);
    this.endCursor = null;
    await this.fetch(null);
  }

  async loadMore(): Promise<void> {
    if (this.loadingMore() || !this.hasNextPage() || this.endCursor === null) return;
    this.loadingMore.set(true);
    await this.fetch(this.endCursor);
  }

  private async fetch(after: string | null): Promise<void> {
    const generation = this.generation;
    const types = this.types();
    const variables: AuthEventsVariables = {
      first: ACTIVITY_PAGE_SIZE,
      ...(after === null ? {} : { after }),
      ...(types.length > 0 ? { types } : {}),
    };
    this.error.set(null);
    try {
      const { data } = await firstValueFrom(
        this.apollo.query({ query: AUTH_EVENTS_QUERY, variables, fetchPolicy: 'no-cache' }),
      );
      if (generation !== this.generation) return;
      if (!data) {
        this.error.set('The server answered without any events. Please try again.');
        return;
      }
      const { edges, pageInfo } = data.authEvents;
      const shown = this.rows() ?? [];
      const seen = new Set(shown.map((row) => row.id));
      const added = edges.map((edge) => edge.node).filter((event) => !seen.has(event.id));
      this.rows.set([...shown, ...added.map(toAuthEventRow)]);
      this.hasNextPage.set(pageInfo.hasNextPage && pageInfo.endCursor !== null);
      this.endCursor = pageInfo.endCursor;
    } catch (caught) {
      if (generation !== this.generation) return;
      this.error.set(toGraphqlError(caught).message);
    } finally {
      if (generation === this.generation) this.loadingMore.set(false);
    }
  }
}
