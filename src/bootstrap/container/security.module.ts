/**
 * Overview: binds the password hasher, token service, clock and id generator.
 * Architecture: bootstrap, Inversify module of the security and system adapter families.
 * Dependencies: inversify, the security and system adapters.
 * Concepts: the signing secret arrives resolved (see secrets.ts); the clock can be replaced in tests.
 */
import { ContainerModule } from 'inversify';
import {
  ClockToken,
  IdGeneratorToken,
  PasswordHasherToken,
  TokenServiceToken,
  type Clock,
} from '../../application/index.js';
import { Argon2PasswordHasher } from '../../adapters/security/argon2-password-hasher.js';
import { JwtTokenService } from '../../adapters/security/jwt-token-service.js';
import { SystemClock } from '../../adapters/system/system-clock.js';
import { UuidIdGenerator } from '../../adapters/system/uuid-id-generator.js';
import type { NimbusConfig } from '../config/config.schema.js';

export function securityModule(
  config: NimbusConfig,
  secret: string,
  clock: Clock = new SystemClock(),
): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(ClockToken).toConstantValue(clock);
    bind(IdGeneratorToken).toConstantValue(new UuidIdGenerator());
    bind(PasswordHasherToken).toConstantValue(
      new Argon2PasswordHasher({
        memoryCost: config.auth.argon2.memoryKiB,
        timeCost: config.auth.argon2.iterations,
        parallelism: config.auth.argon2.parallelism,
      }),
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
