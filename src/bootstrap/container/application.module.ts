/**
 * Overview: binds the auth settings and every use case to its ports.
 * Architecture: bootstrap, Inversify module of the application layer.
 * Dependencies: inversify, the application layer.
 * Concepts: use cases are plain classes; `toResolvedValue` hands them their ports by token, so
 *   they carry no decorators and know nothing of Inversify.
 */
import { ContainerModule } from 'inversify';
import {
  ArchiveSessions,
  ArchiveSettingsToken,
  AuthSettingsToken,
  CleanupExpiredSessions,
  ClockToken,
  GetCurrentUser,
  GetSetupStatus,
  IdGeneratorToken,
  InitializeSetup,
  IssueSetupToken,
  ListSessions,
  LiveSessionsToken,
  Login,
  LoginThrottleToken,
  Logout,
  PasswordHasherToken,
  RefreshSession,
  RepositoriesToken,
  RevokeSession,
  SessionIssuer,
  TokenServiceToken,
  UnitOfWorkToken,
  CompressorToken,
  ObjectStoreToken,
  type ArchiveSettings,
  type AuthSettings,
  type Compressor,
  type ObjectStore,
  type Clock,
  type IdGenerator,
  type LiveSessions,
  type LoginThrottle,
  type PasswordHasher,
  type Repositories,
  type TokenService,
  type UnitOfWork,
} from '../../application/index.js';
import type { NimbusConfig } from '../config/config.schema.js';

export function authSettingsFrom(config: NimbusConfig): AuthSettings {
  const configured = config.auth.setupToken;
  return {
    accessTokenTtlSeconds: config.auth.accessTokenTtl,
    refreshTokenTtlSeconds: config.auth.refreshTokenTtl,
    refreshGraceSeconds: config.auth.refreshGrace,
    sessionPolicy: {
      maxSessionsPerUser: config.auth.maxSessionsPerUser,
      onLimit: config.auth.onSessionLimit,
    },
    sessionRetentionSeconds: config.auth.sessionRetention,
    setupToken:
      configured === undefined
        ? { kind: 'none' }
        : configured === 'auto'
          ? { kind: 'issued', ttlSeconds: config.auth.setupTokenTtl }
          : { kind: 'fixed', token: configured },
  };
}

export function archiveSettingsFrom(config: NimbusConfig): ArchiveSettings {
  return { archiveAfterSeconds: config.jobs.archiveAfter, batchSize: config.jobs.archiveBatchSize };
}

export function applicationModule(settings: AuthSettings, archive: ArchiveSettings): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(AuthSettingsToken).toConstantValue(settings);
    bind(ArchiveSettingsToken).toConstantValue(archive);
    const S = AuthSettingsToken;
    bind(SessionIssuer)
      .toResolvedValue(
        (t: TokenService, i: IdGenerator, s: AuthSettings) => new SessionIssuer(t, i, s),
        [TokenServiceToken, IdGeneratorToken, S],
      )
      .inSingletonScope();
    bind(GetSetupStatus)
      .toResolvedValue((r: Repositories, s: AuthSettings) => new GetSetupStatus(r, s), [RepositoriesToken, S])
      .inSingletonScope();
    bind(InitializeSetup)
      .toResolvedValue(
        (
          u: UnitOfWork,
          r: Repositories,
          h: PasswordHasher,
          i: IdGenerator,
          c: Clock,
          iss: SessionIssuer,
          t: TokenService,
          s: AuthSettings,
        ) => new InitializeSetup(u, r, h, i, c, iss, t, s),
        [
          UnitOfWorkToken,
          RepositoriesToken,
          PasswordHasherToken,
          IdGeneratorToken,
          ClockToken,
          SessionIssuer,
          TokenServiceToken,
          S,
        ],
      )
      .inSingletonScope();
    bind(IssueSetupToken)
      .toResolvedValue(
        (u: UnitOfWork, t: TokenService, c: Clock, s: AuthSettings) => new IssueSetupToken(u, t, c, s),
        [UnitOfWorkToken, TokenServiceToken, ClockToken, S],
      )
      .inSingletonScope();
    bind(Login)
      .toResolvedValue(
        (u: UnitOfWork, r: Repositories, h: PasswordHasher, t: LoginThrottle, c: Clock, iss: SessionIssuer) =>
          new Login(u, r, h, t, c, iss),
        [
          UnitOfWorkToken,
          RepositoriesToken,
          PasswordHasherToken,
          LoginThrottleToken,
          ClockToken,
          SessionIssuer,
        ],
      )
      .inSingletonScope();
    bind(RefreshSession)
      .toResolvedValue(
        (u: UnitOfWork, r: Repositories, t: TokenService, c: Clock, iss: SessionIssuer, s: AuthSettings) =>
          new RefreshSession(u, r, t, c, iss, s),
        [UnitOfWorkToken, RepositoriesToken, TokenServiceToken, ClockToken, SessionIssuer, S],
      )
      .inSingletonScope();
    bind(GetCurrentUser)
      .toResolvedValue(
        (l: LiveSessions, t: TokenService, c: Clock) => new GetCurrentUser(l, t, c),
        [LiveSessionsToken, TokenServiceToken, ClockToken],
      )
      .inSingletonScope();
    bind(Logout)
      .toResolvedValue((u: UnitOfWork, c: Clock) => new Logout(u, c), [UnitOfWorkToken, ClockToken])
      .inSingletonScope();
    bind(ListSessions)
      .toResolvedValue((r: Repositories, c: Clock) => new ListSessions(r, c), [RepositoriesToken, ClockToken])
      .inSingletonScope();
    bind(RevokeSession)
      .toResolvedValue((u: UnitOfWork, c: Clock) => new RevokeSession(u, c), [UnitOfWorkToken, ClockToken])
      .inSingletonScope();
    bind(CleanupExpiredSessions)
      .toResolvedValue(
        (r: Repositories, c: Clock, s: AuthSettings) => new CleanupExpiredSessions(r, c, s),
        [RepositoriesToken, ClockToken, S],
      )
      .inSingletonScope();
    bind(ArchiveSessions)
      .toResolvedValue(
        (r: Repositories, o: ObjectStore, z: Compressor, c: Clock, a: ArchiveSettings) =>
          new ArchiveSessions(r, o, z, c, a),
        [RepositoriesToken, ObjectStoreToken, CompressorToken, ClockToken, ArchiveSettingsToken],
      )
      .inSingletonScope();
  });
}
