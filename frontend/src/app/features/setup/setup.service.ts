/**
 * Overview: completes first-run setup: POST /api/v1/setup/initialize, then signs the new admin
 *   in with the tokens the answer carries.
 * Architecture: feature service of the setup wizard, over the core ApiService, AuthService and
 *   SetupStatusService.
 * Dependencies: ApiService, AuthService, SetupStatusService, the generated API types.
 * Concepts: setup happens exactly once (409 SETUP_ALREADY_COMPLETED afterwards); an optional
 *   one-time setup token (403 SETUP_TOKEN_INVALID).
 */
import { inject, Injectable } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { components } from '../../core/api/api-types.gen';
import { AuthService } from '../../core/auth/auth.service';
import { ApiService } from '../../core/services/api.service';
import type { SetupStatus } from '../../core/setup/setup-status.models';
import { SetupStatusService } from '../../core/setup/setup-status.service';
import type { InitializeSetupRequest } from './setup.forms';

export type InitializeSetupResponse = components['schemas']['InitializeSetupResponse'];

@Injectable({ providedIn: 'root' })
export class SetupService {
  private readonly api = inject(ApiService);
  private readonly auth = inject(AuthService);
  private readonly setupStatus = inject(SetupStatusService);

  status(): Promise<SetupStatus> {
    return this.setupStatus.load();
  }

  /** Creates the organisation and its admin, then starts the admin's session. Throws ApiError. */
  async initialize(request: InitializeSetupRequest): Promise<InitializeSetupResponse> {
    const result = await firstValueFrom(
      this.api.post<InitializeSetupResponse>('setup/initialize', request, { anonymous: true }),
    );
    this.setupStatus.markInitialized(result.provider.name);
    this.auth.startSession(result.tokens, result.admin);
    return result;
  }
}
