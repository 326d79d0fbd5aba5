/**
 * Overview: answers whether first-run setup is done, asking GET /api/v1/setup/status.
 * Architecture: core service read by the route guards, the login page and the wizard.
 * Dependencies: ApiService.
 * Concepts: setup completes exactly once, so an "initialized" answer is cached for the life of
 *   the page; a "not initialized" answer is asked again next time (someone may finish it).
 */
import { inject, Injectable, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { ApiService } from '../services/api.service';
import type { SetupStatus } from './setup-status.models';

@Injectable({ providedIn: 'root' })
export class SetupStatusService {
  private readonly api = inject(ApiService);
  private readonly latest = signal<SetupStatus | null>(null);
  private initialized: SetupStatus | null = null;
  private pending: Promise<SetupStatus> | null = null;

  /** The last status seen (null before the first answer). */
  readonly status = this.latest.asReadonly();

  /** The current status; concurrent callers share one request. Throws ApiError. */
  load(): Promise<SetupStatus> {
    if (this.initialized) return Promise.resolve(this.initialized);
    this.pending ??= firstValueFrom(this.api.get<SetupStatus>('setup/status', { anonymous: true }))
      .then((status) => {
        if (status.initialized) this.initialized = status;
        this.latest.set(status);
        return status;
      })
      .finally(() => {
        this.pending = null;
      });
    return this.pending;
  }

  /** Records a setup this page just completed, so the guards need not ask again. */
  markInitialized(organizationName: string): void {
    this.initialized = {
      initialized: true,
      organizationName,
      isolationStrategy: 'schema-per-tenant-rls',
      setupTokenRequired: false,
    };
    this.latest.set(this.initialized);
  }
}
