/**
 * Overview: the profile table: which adapter serves each port under each profile.
 * Architecture: bootstrap (composition root); the only reader of `config.profile`.
 * Dependencies: the configuration schema (types).
 * Concepts: a profile is a named row of adapter choices; the runtime, the wiring modules, the
 *   server and the CLI ask `adaptersFor(config)` instead of testing the profile's name, so a new
 *   profile or a new adapter family is one row or one column here.
 */
import type { NimbusConfig } from './config/config.schema.js';

export interface AdapterChoice {
  /** PostgreSQL started by Nimbus, a PostgreSQL at DATABASE_URL, or none (memory). */
  readonly database: 'embedded' | 'external' | 'none';
  /** Live-session state: a cache kept exact by LISTEN/NOTIFY, or the in-memory store itself. */
  readonly sessionState: 'postgres' | 'memory';
  /** Login throttle and per-address request limiters (shared by replicas on PostgreSQL). */
  readonly throttleStore: 'postgres' | 'memory';
  readonly objectStore: 's3' | 'filesystem' | 'memory';
  /** Background jobs: in this process, or in the Temporal worker (`npm run worker`). */
  readonly jobRunner: 'in-process' | 'temporal';
  /** JWT signing secret when none is configured: kept in the data folder, or one per process. */
  readonly generatedSecret: 'data-folder' | 'per-process';
  /** Schema migrations at start-up: applied, or only checked (they run by explicit command). */
  readonly migrationsAtStart: 'apply' | 'verify' | 'none';
}

export const PROFILES: Readonly<Record<NimbusConfig['profile'], AdapterChoice>> = {
  embedded: {
    database: 'embedded',
    sessionState: 'postgres',
    throttleStore: 'postgres',
    objectStore: 'filesystem',
    jobRunner: 'in-process',
    generatedSecret: 'data-folder',
    migrationsAtStart: 'apply',
  },
  external: {
    database: 'external',
    sessionState: 'postgres',
    throttleStore: 'postgres',
    objectStore: 's3',
    jobRunner: 'temporal',
    generatedSecret: 'data-folder',
    migrationsAtStart: 'verify',
  },
  memory: {
    database: 'none',
    sessionState: 'memory',
    throttleStore: 'memory',
    objectStore: 'memory',
    jobRunner: 'in-process',
    generatedSecret: 'per-process',
    migrationsAtStart: 'none',
  },
};

export function adaptersFor(config: Pick<NimbusConfig, 'profile'>): AdapterChoice {
  return PROFILES[config.profile];
}
