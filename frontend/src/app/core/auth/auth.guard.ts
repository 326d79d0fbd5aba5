/**
 * Overview: route guards: the wizard while setup is not done, the login page for signed-out
 *   users, the dashboard for signed-in users who open the login page or the wizard.
 * Architecture: core functional guards (CanActivateFn) used by app.routes.ts.
 * Dependencies: AuthService, SetupStatusService, Router.
 * Concepts: setup status comes first (no admin exists before setup, so login is pointless);
 *   when the API cannot be reached the guards let the page through and the page shows the error.
 */
import { inject } from '@angular/core';
import { type CanActivateFn, Router } from '@angular/router';
import { SetupStatusService } from '../setup/setup-status.service';
import type { SetupStatus } from '../setup/setup-status.models';
import { AuthService } from './auth.service';

async function setupStatusOrNull(): Promise<SetupStatus | null> {
  const setup = inject(SetupStatusService);
  try {
    return await setup.load();
  } catch {
    return null;
  }
}

/** Signed-in area: needs a completed setup and a session. */
export const authGuard: CanActivateFn = async (_route, state) => {
  const router = inject(Router);
  const auth = inject(AuthService);
  const status = await setupStatusOrNull();
  if (status && !status.initialized) return router.createUrlTree(['/setup']);
  if (!auth.isAuthenticated()) {
    const returnUrl = state.url && !['/', '/dashboard'].includes(state.url) ? state.url : null;
    return router.createUrlTree(['/login'], returnUrl ? { queryParams: { returnUrl } } : {});
  }
  return true;
};

/** Login page: only once setup is done, and only for signed-out users. */
export const guestGuard: CanActivateFn = async () => {
  const router = inject(Router);
  const auth = inject(AuthService);
  const status = await setupStatusOrNull();
  if (status && !status.initialized) return router.createUrlTree(['/setup']);
  if (auth.isAuthenticated()) return router.createUrlTree(['/dashboard']);
  return true;
};

/** Setup wizard: only while setup is not done. */
export const setupGuard: CanActivateFn = async () => {
  const router = inject(Router);
  const auth = inject(AuthService);
  const status = await setupStatusOrNull();
  if (status?.initialized) {
    return router.createUrlTree([auth.isAuthenticated() ? '/dashboard' : '/login']);
  }
  return true;
};
