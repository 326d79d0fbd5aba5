/**
 * Overview: UserRepository held in memory.
 * Architecture: persistence adapter (in-memory) for a domain port; shares the contract suite
 *   with the Kysely adapter.
 * Dependencies: InMemoryDatabase.
 * Concepts: same rules as the database: soft-deleted users are invisible, email unique
 *   case-insensitively among live users; `lock` only checks existence (units of work are serial).
 */
import type { User, UserRepository } from '../../../domain/index.js';
import type { InMemoryDatabase } from './in-memory-database.js';

export class InMemoryUserRepository implements UserRepository {
  constructor(private readonly db: InMemoryDatabase) {}

  async insert(user: User): Promise<void> {
    if (this.db.users.has(user.id)) throw new Error(`duplicate user id ${user.id}`);
    if (user.deletedAt === null && this.findLive(user.email))
      throw new Error('duplicate email among live users');
    this.db.users.set(user.id, { ...user });
  }

  async findById(id: string): Promise<User | null> {
    const found = this.db.users.get(id);
    return found && found.deletedAt === null ? { ...found } : null;
  }

  async findByEmail(email: string): Promise<User | null> {
    const found = this.findLive(email);
    return found ? { ...found } : null;
  }

  async lock(id: string): Promise<boolean> {
    return (await this.findById(id)) !== null;
  }

  async updatePasswordHash(id: string, passwordHash: string, at: Date): Promise<void> {
    const found = this.db.users.get(id);
    if (found) this.db.users.set(id, { ...found, passwordHash, updatedAt: at });
  }

  async softDelete(id: string, at: Date): Promise<boolean> {
    const found = this.db.users.get(id);
    if (!found || found.deletedAt !== null) return false;
    this.db.users.set(id, { ...found, deletedAt: at, updatedAt: at });
    return true;
  }

  private findLive(email: string): User | undefined {
    const wanted = email.toLowerCase();
    for (const user of this.db.users.values()) {
      if (user.deletedAt === null && user.email.toLowerCase() === wanted) return user;
    }
    return undefined;
  }
}
