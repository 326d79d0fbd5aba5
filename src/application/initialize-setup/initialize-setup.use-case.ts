/**
 * Overview: InitializeSetup: the first-run setup: creates the provider and its admin, marks
 *   setup complete and signs the admin in.
 * Architecture: application use case; one unit of work under the setup lock.
 * Dependencies: UnitOfWork, PasswordHasher, IdGenerator, Clock, SessionIssuer, AuthSettings.
 * Concepts: setup completes exactly once, even under parallel calls; a failure midway leaves
 *   nothing behind; an optional one-time setup token guards it.
 */
import {
  checkPassword,
  completeSetup,
  isSetupComplete,
  newProvider,
  parseEmail,
  parseProviderName,
  SetupAlreadyCompletedError,
  SetupTokenInvalidError,
  ValidationError,
  type FieldIssue,
  type Provider,
  type User,
} from '../../domain/index.js';
import type { AuthSettings } from '../auth-settings.js';
import type { Clock } from '../ports/clock.port.js';
import type { IdGenerator } from '../ports/id-generator.port.js';
import type { PasswordHasher } from '../ports/password-hasher.port.js';
import type { Repositories, UnitOfWork } from '../ports/unit-of-work.port.js';
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

    const required = this.settings.setupToken;
    if (required !== null && !constantTimeEqual(required, input.setupToken ?? ''))
      throw new SetupTokenInvalidError();

    // Cheap early answer before the costly hash; the locked re-check below is the real guard.
    if (isSetupComplete(await this.repos.systemConfig.get())) throw new SetupAlreadyCompletedError();
    const passwordHash = await this.hasher.hash(input.adminPassword);

    return this.uow.run(async (tx) => {
      const config = await tx.systemConfig.getForUpdate();
      if (isSetupComplete(config)) throw new SetupAlreadyCompletedError();
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
      const tokens = input.signIn === false ? null : await this.issuer.open(tx, admin, input, now);
      return { provider: { id: provider.id, name: provider.name }, admin: toUserView(admin), tokens };
    });
  }
}
