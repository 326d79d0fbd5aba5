/**
 * Overview: the UnitOfWork port: runs a piece of work atomically over all repositories.
 * Architecture: application port; adapters: a Kysely transaction, and an in-memory snapshot.
 * Dependencies: the domain's repository ports.
 * Concepts: all writes inside `run` commit together or not at all (an auth event with the change
 *   it records); locks taken inside it (getForUpdate, lock) are held until it ends.
 */
import type {
  AuthEventRepository,
  ProviderRepository,
  SessionRepository,
  SystemConfigRepository,
  UserRepository,
} from '../../domain/index.js';

export const UnitOfWorkToken = Symbol.for('nimbus.UnitOfWork');
export const RepositoriesToken = Symbol.for('nimbus.Repositories');

export interface Repositories {
  readonly providers: ProviderRepository;
  readonly users: UserRepository;
  readonly sessions: SessionRepository;
  readonly systemConfig: SystemConfigRepository;
  readonly authEvents: AuthEventRepository;
}

export interface UnitOfWork {
  /**
   * Runs `work` in one transaction. If it throws, nothing it wrote stays and the error is
   * rethrown; otherwise everything commits before the returned promise resolves.
   */
  run<T>(work: (tx: Repositories) => Promise<T>): Promise<T>;
}
