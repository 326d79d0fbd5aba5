/**
 * Overview: Login: exchanges an email and password for a new session and its tokens.
 * Architecture: application use case.
 * Dependencies: UnitOfWork, Repositories, PasswordHasher, LoginThrottle, Clock, SessionIssuer.
 * Concepts: unknown email, wrong password and deleted user are one indistinguishable failure at
 *   one cost; attempts are throttled; the session limit is applied under the user's lock.
 */
import {
  checkPassword,
  InvalidCredentialsError,
  isSetupComplete,
  normalizeEmail,
  SetupRequiredError,
  ValidationError,
} from '../../domain/index.js';
import type { Clock } from '../ports/clock.port.js';
import type { LoginThrottle } from '../ports/login-throttle.port.js';
import type { PasswordHasher } from '../ports/password-hasher.port.js';
import type { Repositories, UnitOfWork } from '../ports/unit-of-work.port.js';
import type { ClientInfo, SessionIssuer } from '../shared/session-issuer.js';
import { toUserView, type TokenPair, type UserView } from '../shared/views.js';

export interface LoginInput extends ClientInfo {
  readonly email: string;
  readonly password: string;
}

export interface LoginOutput {
  readonly user: UserView;
  readonly tokens: TokenPair;
}

export class Login {
  /** Setup never reverts, so once seen complete it need not be read again. */
  private setupSeenComplete = false;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly repos: Repositories,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottle,
    private readonly clock: Clock,
    private readonly issuer: SessionIssuer,
  ) {}

  async execute(input: LoginInput): Promise<LoginOutput> {
    const email = normalizeEmail(input.email);
    if (email.length === 0) throw new ValidationError([{ field: 'email', message: 'is required' }]);
    checkPassword(input.password);
    await this.requireSetup();

    const attempt = { email, ip: input.ip ?? null };
    const [, found] = await Promise.all([
      this.throttle.consume(attempt),
      this.repos.users.findByEmail(email),
    ]);
    const valid = await this.hasher.verify(found?.passwordHash ?? null, input.password);
    if (!found || !valid) throw new InvalidCredentialsError();
    await this.throttle.reset(attempt);

    let user = found;
    if (this.hasher.needsRehash(user.passwordHash)) {
      user = { ...user, passwordHash: await this.hasher.hash(input.password) };
    }
    const tokens = await this.uow.run(async (tx) => {
      const now = this.clock.now();
      // The user may have been deleted since the lookup; opening takes the user's lock and re-checks.
      const opened = await this.issuer.open(tx, user, input, now);
      if (!opened) throw new InvalidCredentialsError();
      if (user !== found) await tx.users.updatePasswordHash(user.id, user.passwordHash, now);
      return opened;
    });
    return { user: toUserView(user), tokens };
  }

  private async requireSetup(): Promise<void> {
    if (this.setupSeenComplete) return;
    if (!isSetupComplete(await this.repos.systemConfig.get())) throw new SetupRequiredError();
    this.setupSeenComplete = true;
  }
}
