/**
 * Overview: IssueSetupToken: issues the one-time token that first-run setup asks for (auto mode),
 *   keeping only its hash and expiry, so every API process accepts the same token.
 * Architecture: application use case; one unit of work under the setup lock.
 * Dependencies: UnitOfWork, TokenService, Clock, AuthSettings.
 * Concepts: the token is shown once, to whoever issued it (the server's start-up banner or
 *   `nimbus setup token`); a start keeps a token still in force, the CLI replaces it.
 */
import { hasValidSetupToken, isSetupComplete, SetupAlreadyCompletedError } from '../../domain/index.js';
import type { AuthSettings } from '../auth-settings.js';
import type { Clock } from '../ports/clock.port.js';
import type { TokenService } from '../ports/token-service.port.js';
import type { UnitOfWork } from '../ports/unit-of-work.port.js';

export interface IssueSetupTokenInput {
  /** Replace a token still in force (true), or keep it and issue nothing (false). */
  readonly replace: boolean;
}

/** The new token, or null when a token in force was kept; and when the token in force expires. */
export interface IssueSetupTokenOutput {
  readonly token: string | null;
  readonly expiresAt: Date;
}

export class IssueSetupToken {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly tokens: TokenService,
    private readonly clock: Clock,
    private readonly settings: AuthSettings,
  ) {}

  async execute(input: IssueSetupTokenInput): Promise<IssueSetupTokenOutput> {
    const policy = this.settings.setupToken;
    if (policy.kind !== 'issued')
      throw new Error('setup tokens are issued only when auth.setupToken is auto');
    return this.uow.run(async (tx) => {
      const config = await tx.systemConfig.getForUpdate();
      if (isSetupComplete(config)) throw new SetupAlreadyCompletedError();
      const now = this.clock.now();
      if (!input.replace && hasValidSetupToken(config, now)) {
        return { token: null, expiresAt: config.setupTokenExpiresAt! };
      }
      const token = this.tokens.newTokenId();
      const expiresAt = new Date(now.getTime() + policy.ttlSeconds * 1000);
      await tx.systemConfig.save({
        ...config,
        setupTokenHash: this.tokens.hashToken(token),
        setupTokenExpiresAt: expiresAt,
        updatedAt: now,
      });
      return { token, expiresAt };
    });
  }
}
