/**
 * Overview: puts a set-up installation with an admin (and optional members) into a test app.
 * Architecture: test harness over the use cases and repositories.
 * Dependencies: the application ports and use cases.
 * Concepts: members are inserted straight through the repository (no sign-up exists in phase 1).
 */
import {
  IdGeneratorToken,
  PasswordHasherToken,
  RepositoriesToken,
  type IdGenerator,
  type PasswordHasher,
  type Repositories,
} from '../../src/application/index.js';
import type { TestApp } from './app.js';

export const ADMIN = { email: 'admin@example.com', password: 'correct horse battery' };

export interface Seeded {
  readonly providerId: string;
  readonly adminId: string;
}

export async function seedSetup(app: TestApp): Promise<Seeded> {
  const result = await app.runtime.useCases.initializeSetup.execute({
    adminEmail: ADMIN.email,
    adminPassword: ADMIN.password,
    organizationName: 'Acme Cloud',
    signIn: false,
  });
  return { providerId: result.provider.id, adminId: result.admin.id };
}

export async function addMember(
  app: TestApp,
  seeded: Seeded,
  email: string,
  password: string,
): Promise<string> {
  const r = app.runtime;
  const repos = r.get<Repositories>(RepositoriesToken);
  const id = r.get<IdGenerator>(IdGeneratorToken).newId();
  const now = app.clock.now();
  await repos.users.insert({
    id,
    providerId: seeded.providerId,
    email,
    passwordHash: await r.get<PasswordHasher>(PasswordHasherToken).hash(password),
    role: 'member',
    deletedAt: null,
    createdAt: now,
    updatedAt: now,
  });
  return id;
}
