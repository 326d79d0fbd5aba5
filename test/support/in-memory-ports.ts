/**
 * Overview: the ports a use-case test builds its use cases from with plain constructors: the
 *   in-memory persistence and throttle adapters, real argon2 (cheap parameters) and JWT, a fake
 *   clock.
 * Architecture: test harness (use-case tests, test/application).
 * Dependencies: the in-memory, security, system and throttling adapters; the fake clock.
 * Concepts: no container and no runtime: a test names the use cases it needs and `new`s them.
 */
import { DEFAULT_AUTH_SETTINGS, SessionIssuer, type AuthSettings } from '../../src/application/index.js';
import { InMemoryDatabase } from '../../src/adapters/persistence/memory/in-memory-database.js';
import { InMemoryLiveSessions } from '../../src/adapters/persistence/memory/in-memory-live-sessions.js';
import {
  createInMemoryRepositories,
  InMemoryUnitOfWork,
} from '../../src/adapters/persistence/memory/in-memory-unit-of-work.js';
import { Argon2PasswordHasher } from '../../src/adapters/security/argon2-password-hasher.js';
import { JwtTokenService } from '../../src/adapters/security/jwt-token-service.js';
import { UuidIdGenerator } from '../../src/adapters/system/uuid-id-generator.js';
import { createMemoryLoginThrottle } from '../../src/adapters/throttling/rate-limiter-login-throttle.js';
import { FAST_ARGON2, TEST_SECRET } from './app.js';
import { FakeClock } from './fake-clock.js';

export function inMemoryPorts(settings: AuthSettings = DEFAULT_AUTH_SETTINGS) {
  const db = new InMemoryDatabase();
  const clock = new FakeClock(new Date());
  const hasher = new Argon2PasswordHasher({
    memoryCost: FAST_ARGON2.memoryKiB,
    timeCost: FAST_ARGON2.iterations,
    parallelism: FAST_ARGON2.parallelism,
  });
  const ids = new UuidIdGenerator();
  const tokens = new JwtTokenService(
    { secret: TEST_SECRET, issuer: 'nimbus', audience: 'nimbus', clockSkewSeconds: 0 },
    clock,
  );
  return {
    settings,
    clock,
    uow: new InMemoryUnitOfWork(db),
    repos: createInMemoryRepositories(db),
    liveSessions: new InMemoryLiveSessions(db),
    hasher,
    ids,
    tokens,
    issuer: new SessionIssuer(tokens, ids, settings),
    throttle: createMemoryLoginThrottle(),
  };
}
