/**
 * Overview: binds the password hasher, token service, clock and id generator.
 * Architecture: bootstrap, Inversify module of the security and system adapter families.
 * Dependencies: inversify, the security and system adapters.
 * Concepts: the signing secret arrives resolved (see secrets.ts); the clock can be replaced in tests;
 *   with a `passwordVerified` observer (metrics), each verification's time is reported.
 */
import { ContainerModule } from 'inversify';
import {
  ClockToken,
  IdGeneratorToken,
  PasswordHasherToken,
  TokenServiceToken,
  type Clock,
  type PasswordHasher,
} from '../../application/index.js';
import { Argon2PasswordHasher } from '../../adapters/security/argon2-password-hasher.js';
import { JwtTokenService } from '../../adapters/security/jwt-token-service.js';
import { SystemClock } from '../../adapters/system/system-clock.js';
import { UuidIdGenerator } from '../../adapters/system/uuid-id-generator.js';
import type { NimbusConfig } from '../config/config.schema.js';
import type { RuntimeObservers } from '../observers.js';

/** The hasher, reporting how long each `verify` took (failed ones too). */
function timedVerify(hasher: PasswordHasher, report: (ms: number) => void): PasswordHasher {
  return {
    hash: (password) => hasher.hash(password),
    needsRehash: (hash) => hasher.needsRehash(hash),
    prepare: () => hasher.prepare(),
    async verify(hash, password) {
      const began = performance.now();
      try {
        return await hasher.verify(hash, password);
      } finally {
        report(performance.now() - began);
      }
    },
  };
}

export function securityModule(
  config: NimbusConfig,
  secret: string,
  clock: Clock = new SystemClock(),
  { passwordVerified }: RuntimeObservers = {},
): ContainerModule {
  const argon2 = new Argon2PasswordHasher({
    memoryCost: config.auth.argon2.memoryKiB,
    timeCost: config.auth.argon2.iterations,
    parallelism: config.auth.argon2.parallelism,
  });
  return new ContainerModule(({ bind }) => {
    bind(ClockToken).toConstantValue(clock);
    bind(IdGeneratorToken).toConstantValue(new UuidIdGenerator());
    bind(PasswordHasherToken).toConstantValue(
      passwordVerified ? timedVerify(argon2, passwordVerified) : argon2,
    );
    bind(TokenServiceToken).toConstantValue(
      new JwtTokenService(
        {
          secret,
          issuer: config.auth.issuer,
          audience: config.auth.audience,
          clockSkewSeconds: config.auth.clockSkew,
        },
        clock,
      ),
    );
  });
}
