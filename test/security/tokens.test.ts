/**
 * Overview: token forgery and confusion (SECURITY T1-T3) on the JWT adapter and through the use
 *   cases, and token hygiene in storage and logs (T8) on PostgreSQL.
 * Architecture: security tests of the security adapter and the composition root.
 * Dependencies: jsonwebtoken (to forge tokens), the JWT adapter, the test app harness, chai.
 * Concepts: HS256 pinned; iss/aud/exp required; access and refresh tokens are not interchangeable;
 *   only hashes of tokens are stored; tokens and passwords never reach a log line.
 */
import { createSecretKey } from 'node:crypto';
import { expect } from 'chai';
import jwt from 'jsonwebtoken';
import { sql } from 'kysely';
import { type AccessClaims } from '../../src/application/index.js';
import { JwtTokenService } from '../../src/adapters/security/jwt-token-service.js';
import { InvalidTokenError } from '../../src/domain/index.js';
import { createTestApp, TEST_SECRET, type TestApp } from '../support/app.js';
import { expectDomainError } from '../support/expect-error.js';
import { FakeClock } from '../support/fake-clock.js';
import { ADMIN, seedSetup } from '../support/seed.js';
import { databaseOf } from '../support/postgres.js';

const settings = { secret: TEST_SECRET, issuer: 'nimbus', audience: 'nimbus-api', clockSkewSeconds: 30 };

function b64(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

describe('JWT token service', () => {
  const clock = new FakeClock('2026-03-01T00:00:00Z');
  const service = new JwtTokenService(settings, clock);
  const now = () => Math.floor(clock.now().getTime() / 1000);
  const claims = (): AccessClaims => ({
    sub: 'u1',
    providerId: 'p1',
    sid: 's1',
    jti: 'j1',
    iat: now(),
    exp: now() + 3600,
  });
  const payload = () => ({
    sub: 'u1',
    provider_id: 'p1',
    sid: 's1',
    jti: 'j1',
    typ: 'access',
    iat: now(),
    exp: now() + 3600,
    iss: 'nimbus',
    aud: 'nimbus-api',
  });
  const rejects = (token: string) => expect(() => service.verifyAccess(token)).to.throw(InvalidTokenError);

  it('round-trips access claims (sub, provider_id, jti, sid, iat, exp)', () => {
    const token = service.signAccess(claims());
    expect(service.verifyAccess(token)).to.deep.equal(claims());
    const decoded = jwt.decode(token, { complete: true });
    expect(decoded?.header.alg).to.equal('HS256');
    expect(decoded?.payload).to.include({
      sub: 'u1',
      provider_id: 'p1',
      jti: 'j1',
      sid: 's1',
      iss: 'nimbus',
      aud: 'nimbus-api',
    });
  });

  it('rejects alg none, a stripped signature, another algorithm and a wrong key (T1)', () => {
    const token = service.signAccess(claims());
    const [, body] = token.split('.');
    rejects(`${b64({ alg: 'none', typ: 'JWT' })}.${body}.`);
    rejects(`${token.split('.').slice(0, 2).join('.')}.`);
    rejects(jwt.sign(payload(), createSecretKey(Buffer.from(TEST_SECRET)), { algorithm: 'HS512' }));
    rejects(
      jwt.sign(payload(), createSecretKey(Buffer.from('another-secret-that-is-32-bytes-long!!')), {
        algorithm: 'HS256',
      }),
    );
    rejects('not-a-jwt');
    rejects('');
  });

  it('rejects a wrong or missing iss/aud, an expired token beyond the skew and a missing exp (T2)', () => {
    const key = createSecretKey(Buffer.from(TEST_SECRET));
    const sign = (p: object) => jwt.sign(p, key, { algorithm: 'HS256' });
    const { iss: _iss, ...noIss } = payload();
    const { aud: _aud, ...noAud } = payload();
    const { exp: _exp, ...noExp } = payload();
    rejects(sign({ ...payload(), iss: 'evil' }));
    rejects(sign({ ...payload(), aud: 'other-api' }));
    rejects(sign(noIss));
    rejects(sign(noAud));
    rejects(sign(noExp));
    rejects(sign({ ...payload(), exp: now() - 31 }));
    // Within the allowed clock skew the token still passes.
    expect(service.verifyAccess(sign({ ...payload(), exp: now() - 20 })).sub).to.equal('u1');
  });

  it('never accepts a refresh token as an access token or the reverse (T3)', () => {
    const refresh = service.signRefresh({ sid: 's1', jti: 'r1', iat: now(), exp: now() + 100 });
    rejects(refresh);
    expect(() => service.verifyRefresh(service.signAccess(claims()))).to.throw(InvalidTokenError);
  });

  it('signs the same refresh claims to the same token, and derives ids deterministically', () => {
    const c = { sid: 's1', jti: service.deriveTokenId('seed'), iat: now(), exp: now() + 100 };
    expect(service.signRefresh(c)).to.equal(service.signRefresh({ ...c }));
    expect(service.deriveTokenId('seed')).to.equal(service.deriveTokenId('seed'));
    expect(service.deriveTokenId('seed')).to.not.equal(service.deriveTokenId('seed2'));
    expect(service.newTokenId()).to.not.equal(service.newTokenId());
  });
});

describe('tokens through the use cases [postgres]', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await createTestApp('postgres');
    await seedSetup(app);
  });
  afterEach(() => app.close());

  it('answers a refresh token used as a bearer token, and an access token sent to refresh, with 401 codes (T3)', async () => {
    const { tokens } = await app.runtime.useCases.login.execute({
      email: ADMIN.email,
      password: ADMIN.password,
    });
    await expectDomainError(
      app.runtime.useCases.getCurrentUser.execute({ accessToken: tokens.refreshToken }),
      'INVALID_TOKEN',
    );
    await expectDomainError(
      app.runtime.useCases.refreshSession.execute({ refreshToken: tokens.accessToken }),
      'INVALID_TOKEN',
    );
  });

  it('stores only hashes of tokens and passwords (T8, database; the log half is log-secrets.test.ts)', async () => {
    const { tokens } = await app.runtime.useCases.login.execute({
      email: ADMIN.email,
      password: ADMIN.password,
    });
    const next = await app.runtime.useCases.refreshSession.execute({ refreshToken: tokens.refreshToken });
    const db = databaseOf(app.runtime)!.db;
    const dump = JSON.stringify((await sql`select * from sessions`.execute(db)).rows);
    const users = JSON.stringify((await sql`select * from users`.execute(db)).rows);
    const secrets = [tokens.accessToken, tokens.refreshToken, next.accessToken, next.refreshToken];
    for (const secret of secrets) {
      expect(dump).to.not.include(secret);
      expect(dump).to.not.include(secret.split('.')[2]!);
    }
    expect(users).to.not.include(ADMIN.password);
    expect(users).to.include('$argon2id$');
  });
});
