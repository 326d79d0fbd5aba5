/**
 * Overview: Login: exchanges an email and password for a new session and its tokens.
 * Architecture: application use case.
 * Dependencies: UnitOfWork, Repositories, PasswordHasher, LoginThrottle, Clock, SessionIssuer.
 * Concepts: unknown email, wrong password and deleted user are one indistinguishable failure at
 *   one cost; attempts are throttled; the session limit is applied under the user's lock; every
 *   decision is an auth event: a success in the session's unit of work (SessionIssuer.open), a
 *   refusal on its own statement (LOGIN_FAILED; LOGIN_THROTTLED counted per budget and window).
 */
import {
  authEvent,
  checkPassword,
  InvalidCredentialsError,
  isSetupComplete,
  normalizeEmail,
  SessionLimitReachedError,
  SetupRequiredError,
  TooManyAttemptsError,
  ValidationError,
  type User,
} from '../../domain/index.js';
import type { Clock } from '../ports/clock.port.js';
import type { LoginThrottle } from '../ports/login-throttle.port.js';
import type { PasswordHasher } from '../ports/password-hasher.port.js';
import type { Repositories, UnitOfWork } from '../ports/unit-of-work.port.js';
import { recordThrottled, sourceOf } from '../shared/audit.js';
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
    const [throttled, found] = await Promise.all([
      this.throttle.consume(attempt).then(
        () => null,
        (error: unknown) => error,
      ),
      this.repos.users.findByEmail(email),
    ]);
    if (throttled instanceof TooManyAttemptsError) {
      await recordThrottled(this.repos, throttled, email, found, input, this.clock.now());
    }
    if (throttled) throw throttled;
    const valid = await this.hasher.verify(found?.passwordHash ?? null, input.password);
    if (!found || !valid) return this.refuse(new InvalidCredentialsError(), email, found, input);
    await this.throttle.reset(attempt);

    let user = found;
    if (this.hasher.needsRehash(user.passwordHash)) {
      user = { ...user, passwordHash: await this.hasher.hash(input.password) };
    }
    const tokens = await this.uow
      .run(async (tx) => {
        const now = this.clock.now();
        // The user may have been deleted since the lookup; opening takes the user's lock and re-checks.
        const opened = await this.issuer.open(tx, user, input, now);
        if (!opened) throw new InvalidCredentialsError();
        if (user !== found) await tx.users.updatePasswordHash(user.id, user.passwordHash, now);
        return opened;
      })
      .catch((error: unknown) =>
        // Rolled back: the refusal is recorded on its own.
        error instanceof InvalidCredentialsError || error instanceof SessionLimitReachedError
          ? this.refuse(error, email, found, input)
          : Promise.reject(error),
      );
    return { user: toUserView(user), tokens };
  }

  /** Records LOGIN_FAILED for the attempt, then throws `error`. */
  private async refuse(
    error: InvalidCredentialsError | SessionLimitReachedError,
    email: string,
    found: User | null,
    client: ClientInfo,
  ): Promise<never> {
    const detail = error instanceof SessionLimitReachedError ? 'session_limit' : 'invalid_credentials';
    await this.repos.authEvents.record([
      authEvent('LOGIN_FAILED', this.clock.now(), {
        ...sourceOf(client),
        userId: found?.id ?? null,
        email,
        detail,
      }),
    ]);
    throw error;
  }

  private async requireSetup(): Promise<void> {
    if (this.setupSeenComplete) return;
    if (!isSetupComplete(await this.repos.systemConfig.get())) throw new SetupRequiredError();
    this.setupSeenComplete = true;
  }
}
