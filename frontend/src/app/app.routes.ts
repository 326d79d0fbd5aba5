/**
 * Overview: the routes of the web UI: the setup wizard, the login page and the signed-in area
 *   (dashboard, sessions, activity, account).
 * Architecture: application routing (hash-based, see app.config.ts); every page is lazy-loaded
 *   with loadComponent and protected by a core guard; the signed-in area is a lazy route tree
 *   (shell.routes.ts) that also carries the GraphQL client.
 * Dependencies: @angular/router, the core auth guards.
 * Concepts: /#/setup until setup is done, then /#/login for signed-out users, /#/dashboard.
 */
import type { Routes } from '@angular/router';
import { authGuard, guestGuard, setupGuard } from './core/auth/auth.guard';

export const routes: Routes = [
  {
    path: 'setup',
    title: 'Set up Nimbus',
    canActivate: [setupGuard],
    loadComponent: () => import('./features/setup/setup.component').then((m) => m.SetupComponent),
  },
  {
    path: 'login',
    title: 'Sign in · Nimbus',
    canActivate: [guestGuard],
    loadComponent: () =>
      import('./features/auth/login/login.component').then((m) => m.LoginComponent),
  },
  {
    path: '',
    canActivate: [authGuard],
    loadChildren: () => import('./shell.routes').then((m) => m.SHELL_ROUTES),
  },
  { path: '**', redirectTo: '' },
];
