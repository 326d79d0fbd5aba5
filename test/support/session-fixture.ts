/**
 * Overview: one way to make a Session record for tests: a live, never-rotated session of a user;
 *   and the member it belongs to, inserted with its provider through the repositories.
 * Architecture: test support, shared by the domain tests and the persistence contract suites.
 * Dependencies: the domain's Session and User types, the Repositories port, node:crypto (ids).
 * Concepts: every time is relative to `start` (created and last used at start, expires an hour
 *   later); token ids and hashes derive from the session id, so they are unique per session;
 *   `overrides` replace any field.
 */
import { randomUUID } from 'node:crypto';
import type { Repositories } from '../../src/application/index.js';
import type { Session, User } from '../../src/domain/index.js';

/** A provider and one member of it (a placeholder password hash), created at `start`. */
export async function insertMember(repos: Repositories, start: Date, email: string): Promise<User> {
  const providerId = randomUUID();
  await repos.providers.insert({ id: providerId, name: 'Acme', createdAt: start, updatedAt: start });
  const user: User = {
    id: randomUUID(),
    providerId,
    email,
    passwordHash: '$argon2id$hash',
    role: 'member',
    deletedAt: null,
    createdAt: start,
    updatedAt: start,
  };
  await repos.users.insert(user);
  return user;
}

export function sessionFixture(
  owner: { readonly id: string; readonly providerId: string },
  start: Date,
  overrides: Partial<Session> = {},
): Session {
  const id = overrides.id ?? randomUUID();
  const at = (seconds: number): Date => new Date(start.getTime() + seconds * 1000);
  return {
    id,
    userId: owner.id,
    providerId: owner.providerId,
    accessTokenId: `jti-${id}`,
    refreshTokenHash: `refresh-${id}`,
    previousRefreshTokenHash: null,
    refreshRotatedAt: null,
    refreshIssuedAt: at(0),
    generation: 0,
    expiresAt: at(3600),
    lastUsedAt: at(0),
    ip: null,
    userAgent: null,
    revokedAt: null,
    revokeReason: null,
    accessUsedAt: null,
    createdAt: at(0),
    updatedAt: at(0),
    ...overrides,
  };
}
