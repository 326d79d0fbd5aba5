/**
 * Overview: the routes of the signed-in area (dashboard, sessions, activity, account) inside the
 *   layout, with the Apollo client they use.
 * Architecture: lazy route tree, loaded by app.routes.ts behind authGuard; providing Apollo
 *   here keeps the GraphQL client out of the bundle the login page and the wizard load.
 * Dependencies: LayoutComponent, the GraphQL providers.
 * Concepts: REST for auth (everywhere), GraphQL for data (signed-in pages only).
 */
import type { Routes } from '@angular/router';
import { provideGraphql } from './core/graphql/graphql.providers';
import { LayoutComponent } from './shared/components/layout/layout.component';

export const SHELL_ROUTES: Routes = [
  {
    path: '',
    component: LayoutComponent,
    providers: [provideGraphql()],
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'dashboard' },
      {
        path: 'dashboard',
        title: 'Dashboard · Nimbus',
        loadComponent: () =>
          import('./features/dashboard/dashboard.component').then((m) => m.DashboardComponent),
      },
      {
        path: 'sessions',
        title: 'Sessions · Nimbus',
        loadComponent: () =>
          import('./features/sessions/sessions.component').then((m) => m.SessionsComponent),
      },
      {
        path: 'activity',
        title: 'Activity · Nimbus',
        loadComponent: () =>
          import('./features/activity/activity.component').then((m) => m.ActivityComponent),
      },
      {
        path: 'account',
        title: 'Account · Nimbus',
        loadComponent: () =>
          import('./features/account/account.component').then((m) => m.AccountComponent),
      },
    ],
  },
];
