/**
 * Overview: GetSetupStatus: tells whether first-run setup is done and what the wizard needs.
 * Architecture: application use case; read-only.
 * Dependencies: Repositories, AuthSettings.
 * Concepts: first-run setup, isolation strategy, optional setup token.
 */
import { isSetupComplete, type IsolationStrategy } from '../../domain/index.js';
import type { AuthSettings } from '../auth-settings.js';
import type { Repositories } from '../ports/unit-of-work.port.js';

export interface SetupStatus {
  readonly initialized: boolean;
  readonly organizationName: string | null;
  readonly isolationStrategy: IsolationStrategy;
  /** Whether InitializeSetup will ask for a setup token. */
  readonly setupTokenRequired: boolean;
  readonly completedAt: Date | null;
}

export class GetSetupStatus {
  constructor(
    private readonly repos: Repositories,
    private readonly settings: AuthSettings,
  ) {}

  async execute(): Promise<SetupStatus> {
    const config = await this.repos.systemConfig.get();
    const initialized = isSetupComplete(config);
    return {
      initialized,
      organizationName: config.organizationName,
      isolationStrategy: config.isolationStrategy,
      setupTokenRequired: !initialized && this.settings.setupToken.kind !== 'none',
      completedAt: config.setupCompletedAt,
    };
  }
}
