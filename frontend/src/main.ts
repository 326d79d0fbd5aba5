/**
 * Overview: the browser entry point: bootstraps the root component with the app's providers.
 * Architecture: application bootstrap (zoneless; no zone.js polyfill).
 * Dependencies: @angular/platform-browser, app.config.ts.
 * Concepts: none beyond Angular's standalone bootstrap.
 */
import { bootstrapApplication } from '@angular/platform-browser';
import { AppComponent } from './app/app.component';
import { appConfig } from './app/app.config';

bootstrapApplication(AppComponent, appConfig).catch((error: unknown) => console.error(error));
