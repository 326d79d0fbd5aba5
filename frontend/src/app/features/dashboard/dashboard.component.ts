/**
 * Overview: the signed-in home page: a welcome with the user's email, the API version (from
 *   GraphQL) and shortcuts.
 * Architecture: feature page (route /dashboard inside LayoutComponent).
 * Dependencies: AuthService, SetupStatusService, Apollo (GraphQL `{ version }`).
 * Concepts: REST carries auth, GraphQL carries data.
 */
import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { TuiButton, TuiLoader } from '@taiga-ui/core';
import { Apollo, gql } from 'apollo-angular';
import { catchError, map, of } from 'rxjs';
import { AuthService } from '../../core/auth/auth.service';
import { SetupStatusService } from '../../core/setup/setup-status.service';

export const VERSION_QUERY = gql<{ version: string }, Record<string, never>>`
  query Version {
    version
  }
`;

type VersionState =
  | { readonly state: 'loading' }
  | { readonly state: 'ready'; readonly version: string }
  | { readonly state: 'error' };

@Component({
  selector: 'nb-dashboard',
  imports: [RouterLink, TuiButton, TuiLoader],
  templateUrl: './dashboard.component.html',
  styleUrl: './dashboard.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DashboardComponent {
  private readonly auth = inject(AuthService);
  private readonly setupStatus = inject(SetupStatusService);

  protected readonly user = this.auth.currentUser;
  protected readonly organizationName = computed(
    () => this.setupStatus.status()?.organizationName ?? null,
  );
  protected readonly roleLabel = computed(() =>
    this.user()?.role === 'admin' ? 'Administrator' : 'Member',
  );
  protected readonly apiVersion = toSignal(
    inject(Apollo)
      .query({ query: VERSION_QUERY, fetchPolicy: 'network-only' })
      .pipe(
        map((result): VersionState =>
          result.data?.version
            ? { state: 'ready', version: result.data.version }
            : { state: 'error' },
        ),
        catchError(() => of<VersionState>({ state: 'error' })),
      ),
    { initialValue: { state: 'loading' } as VersionState },
  );
  protected readonly version = computed(() => {
    const state = this.apiVersion();
    return state.state === 'ready' ? state.version : null;
  });
}
