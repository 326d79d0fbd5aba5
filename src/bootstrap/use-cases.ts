/**
 * Overview: builds the use-case catalogue from the ports and the configuration: the one place a
 *   use case is constructed.
 * Architecture: bootstrap (composition root).
 * Dependencies: the application layer.
 * Concepts: plain `new`, one line per use case; the container binds the ports by token, this file
 *   reads them once (`portsOf`) and the runtime binds the finished catalogue (UseCasesToken).
 */
import {
  ArchiveAuthEvents,
  ArchiveSessions,
  ChangePassword,
  CleanupExpiredSessions,
  ClockToken,
  CompressorToken,
  GetCurrentUser,
  GetSetupStatus,
  IdGeneratorToken,
  InitializeSetup,
  IssueSetupToken,
  ListAuthEvents,
  ListSessions,
  LiveSessionsToken,
  Login,
  LoginThrottleToken,
  Logout,
  ObjectStoreToken,
  PasswordHasherToken,
  RefreshSession,
  RepositoriesToken,
  ResetPassword,
  RevokeSession,
  SessionIssuer,
  SignOutOtherSessions,
  TokenServiceToken,
  UnitOfWorkToken,
  type ArchiveSettings,
  type AuthEventArchiveSettings,
  type AuthSettings,
  type Clock,
  type Compressor,
  type IdGenerator,
  type LiveSessions,
  type LoginThrottle,
  type ObjectStore,
  type PasswordHasher,
  type Repositories,
  type TokenService,
  type UnitOfWork,
  type UseCases,
} from '../application/index.js';
import type { NimbusConfig } from './config/config.schema.js';

/** The ports the use cases are built from. */
export interface UseCasePorts {
  readonly unitOfWork: UnitOfWork;
  readonly repositories: Repositories;
  readonly passwordHasher: PasswordHasher;
  readonly tokenService: TokenService;
  readonly idGenerator: IdGenerator;
  readonly clock: Clock;
  readonly loginThrottle: LoginThrottle;
  readonly liveSessions: LiveSessions;
  readonly objectStore: ObjectStore;
  readonly compressor: Compressor;
}

/** Reads the ports from the container the adapter modules were loaded into. */
export function portsOf(container: { get<T>(id: symbol): T }): UseCasePorts {
  return {
    unitOfWork: container.get(UnitOfWorkToken),
    repositories: container.get(RepositoriesToken),
    passwordHasher: container.get(PasswordHasherToken),
    tokenService: container.get(TokenServiceToken),
    idGenerator: container.get(IdGeneratorToken),
    clock: container.get(ClockToken),
    loginThrottle: container.get(LoginThrottleToken),
    liveSessions: container.get(LiveSessionsToken),
    objectStore: container.get(ObjectStoreToken),
    compressor: container.get(CompressorToken),
  };
}

export function authSettingsFrom(config: NimbusConfig): AuthSettings {
  const configured = config.auth.setupToken;
  return {
    accessTokenTtlSeconds: config.auth.accessTokenTtl,
    refreshTokenTtlSeconds: config.auth.refreshTokenTtl,
    refreshGraceSeconds: config.auth.refreshGrace,
    sessionMaxLifetimeSeconds: config.auth.sessionMaxLifetime,
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

export function authEventArchiveSettingsFrom(config: NimbusConfig): AuthEventArchiveSettings {
  return { retentionSeconds: config.audit.retention, batchSize: config.jobs.archiveBatchSize };
}

export function buildUseCases(ports: UseCasePorts, config: NimbusConfig): UseCases {
  const { unitOfWork: uow, repositories: repos, passwordHasher: hasher, clock } = ports;
  const { tokenService: tokens, idGenerator: ids, objectStore: store, compressor } = ports;
  const auth = authSettingsFrom(config);
  const issuer = new SessionIssuer(tokens, ids, auth);
  // The archive job archives the auth events after the sessions (ArchiveSessions hands over).
  const archiveAuthEvents = new ArchiveAuthEvents(
    repos,
    store,
    compressor,
    clock,
    authEventArchiveSettingsFrom(config),
  );
  return {
    getSetupStatus: new GetSetupStatus(repos, auth),
    initializeSetup: new InitializeSetup(uow, repos, hasher, ids, clock, issuer, tokens, auth),
    issueSetupToken: new IssueSetupToken(uow, tokens, clock, auth),
    login: new Login(uow, repos, hasher, ports.loginThrottle, clock, issuer),
    refreshSession: new RefreshSession(uow, repos, tokens, clock, issuer, auth),
    logout: new Logout(uow, clock),
    getCurrentUser: new GetCurrentUser(ports.liveSessions, tokens, clock),
    listSessions: new ListSessions(repos, clock, auth),
    revokeSession: new RevokeSession(uow, clock),
    signOutOtherSessions: new SignOutOtherSessions(uow, clock),
    changePassword: new ChangePassword(uow, repos, hasher, ports.loginThrottle, clock),
    cleanupExpiredSessions: new CleanupExpiredSessions(uow, repos, clock, auth),
    archiveSessions: new ArchiveSessions(
      repos,
      store,
      compressor,
      clock,
      archiveSettingsFrom(config),
      archiveAuthEvents,
    ),
    archiveAuthEvents,
    resetPassword: new ResetPassword(uow, hasher, clock),
    listAuthEvents: new ListAuthEvents(repos),
  };
}
