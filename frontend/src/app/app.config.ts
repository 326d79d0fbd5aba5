/**
 * Overview: the application's providers: zoneless change detection, hash routing, HttpClient
 *   with the auth interceptors, Taiga UI, and the API URL, GraphQL URL and auth API tokens
 *   (the Apollo client itself is provided by the lazy signed-in routes, shell.routes.ts).
 * Architecture: composition root of the web UI (the only place that binds tokens to values
 *   and implementations).
 * Dependencies: @angular/*, Taiga UI, the environment, core providers.
 * Concepts: the refresh interceptor wraps the auth interceptor, so a retried request carries
 *   the new access token.
 */
import { provideHttpClient, withInterceptors } from '@angular/common/http';
import {
  type ApplicationConfig,
  inject,
  provideAppInitializer,
  provideBrowserGlobalErrorListeners,
  provideZonelessChangeDetection,
} from '@angular/core';
import { provideRouter, withHashLocation } from '@angular/router';
import { provideTaiga } from '@taiga-ui/core';
import { environment } from '../environments/environment';
import { API_BASE_URL, GRAPHQL_URL } from './core/api/api.tokens';
import { AUTH_API, HttpAuthApi } from './core/auth/auth-api';
import { authInterceptor } from './core/auth/auth.interceptor';
import { AuthService } from './core/auth/auth.service';
import { tokenRefreshInterceptor } from './core/auth/token-refresh.interceptor';
import { provideValidationMessages } from './shared/validation/validation-messages';
import { routes } from './app.routes';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideZonelessChangeDetection(),
    provideRouter(routes, withHashLocation()),
    provideHttpClient(withInterceptors([tokenRefreshInterceptor, authInterceptor])),
    provideTaiga(),
    provideValidationMessages(),
    { provide: API_BASE_URL, useValue: environment.apiBaseUrl },
    { provide: GRAPHQL_URL, useValue: environment.graphqlUrl },
    { provide: AUTH_API, useExisting: HttpAuthApi },
    // Check a session restored from localStorage in the background (never blocks start-up).
    provideAppInitializer(() => void inject(AuthService).reloadUser()),
  ],
};
