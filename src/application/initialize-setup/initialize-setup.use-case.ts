/**
 * Overview: InitializeSetup: the first-run setup: creates the provider and its admin, marks
 *   setup complete and signs the admin in.
 * Architecture: application use case; one unit of work under the setup lock.
 * Dependencies: UnitOfWork, Repositories, PasswordHasher, IdGenerator, Clock, SessionIssuer,
 *   TokenService, AuthSettings (its constructor's ports, in order).
 * Concepts: setup completes exactly once, even under parallel calls; a failure midway leaves
 *   nothing behind; an optional one-time setup token guards it (fixed, or issued and stored as a
 *   hash); once setup is done every call answers "already completed", whatever token it sends;
 *   SETUP_COMPLETED (with the admin's first session, when signed in) commits with the setup.
 */
import {
  authEvent,
  checkPassword,
  completeSetup,
  hasValidSetupToken,
  isSetupComplete,
  newProvider,
  parseEmail,
  parseProviderName,
  SetupAlreadyCompletedError,
  SetupTokenInvalidError,
  ValidationError,
  type FieldIssue,
  type Provider,
  type SystemConfig,
  type User,
} from '../../domain/index.js';
import type { AuthSettings } from '../auth-settings.js';
import type { Clock } from '../ports/clock.port.js';
import type { IdGenerator } from '../ports/id-generator.port.js';
import type { PasswordHasher } from '../ports/password-hasher.port.js';
import type { TokenService } from '../ports/token-service.port.js';
import type { Repositories, UnitOfWork } from '../ports/unit-of-work.port.js';
import { sourceOf } from '../shared/audit.js';
import { constantTimeEqual } from '../shared/constant-time.js';
import type { ClientInfo, SessionIssuer } from '../shared/session-issuer.js';
import { toUserView, type TokenPair, type UserView } from '../shared/views.js';

export interface InitializeSetupInput extends ClientInfo {
  readonly adminEmail: string;
  readonly adminPassword: string;
  readonly organizationName: string;
  readonly setupToken?: string | null;
  /** Sign the admin in (the web wizard) or not (an operator at the CLI). Default true. */
  readonly signIn?: boolean;
}

export interface InitializeSetupOutput {
  readonly provider: { readonly id: string; readonly name: string };
  readonly admin: UserView;
  /** The admin's first session, or null when `signIn` was false. */
  readonly tokens: TokenPair | null;
}

function collect(issues: FieldIssue[], check: () => void): void {
  try {
    check();
  } catch (error) {
    if (error instanceof ValidationError) issues.push(...error.issues);
    else throw error;
  }
}

export class InitializeSetup {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly repos: Repositories,
    private readonly hasher: PasswordHasher,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
    private readonly issuer: SessionIssuer,
    private readonly tokens: TokenService,
    private readonly settings: AuthSettings,
  ) {}

  async execute(input: InitializeSetupInput): Promise<InitializeSetupOutput> {
    const issues: FieldIssue[] = [];
    let email = '';
    let organizationName = '';
    collect(issues, () => (email = parseEmail(input.adminEmail, 'adminEmail')));
    collect(issues, () => checkPassword(input.adminPassword, 'adminPassword'));
    collect(issues, () => (organizationName = parseProviderName(input.organizationName, 'organizationName')));
    if (issues.length > 0) throw new ValidationError(issues);

    // Cheap early answers before the costly hash; the locked re-checks below are the real guard.
    // Completion first: after setup, no token (right or wrong) changes the answer (W3).
    const current = await this.repos.systemConfig.get();
    if (isSetupComplete(current)) throw new SetupAlreadyCompletedError();
    this.checkSetupToken(current, input.setupToken ?? '');
    const passwordHash = await this.hasher.hash(input.adminPassword);

    return this.uow.run(async (tx) => {
      const config = await tx.systemConfig.getForUpdate();
      if (isSetupComplete(config)) throw new SetupAlreadyCompletedError();
      this.checkSetupToken(config, input.setupToken ?? '');
      const now = this.clock.now();
      const provider: Provider = newProvider(this.ids.newId(), organizationName, now);
      await tx.providers.insert(provider);
      const admin: User = {
        id: this.ids.newId(),
        providerId: provider.id,
        email,
        passwordHash,
        role: 'admin',
        deletedAt: null,
        createdAt: now,
        updatedAt: now,
      };
      await tx.users.insert(admin);
      await tx.systemConfig.save(completeSetup(config, provider.id, provider.name, now));
      // Signing in records SETUP_COMPLETED with the new session; without it, on its own.
      const tokens =
        input.signIn === false ? null : await this.issuer.open(tx, admin, input, now, 'SETUP_COMPLETED');
      if (!tokens)
        await tx.authEvents.record([
          authEvent('SETUP_COMPLETED', now, { ...sourceOf(input), userId: admin.id }),
        ]);
      return { provider: { id: provider.id, name: provider.name }, admin: toUserView(admin), tokens };
    });
  }

  /** Throws SetupTokenInvalidError unless the token the policy asks for was given. */
  private checkSetupToken(config: SystemConfig, given: string): void {
    const policy = this.settings.setupToken;
    const valid =
      policy.kind === 'none' ||
      (policy.kind === 'fixed' && constantTimeEqual(policy.token, given)) ||
      (policy.kind === 'issued' &&
        hasValidSetupToken(config, this.clock.now()) &&
        constantTimeEqual(config.setupTokenHash!, this.tokens.hashToken(given)));
    if (!valid) throw new SetupTokenInvalidError();
  }
}
