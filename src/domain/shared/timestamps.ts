/**
 * Overview: the audit timestamps every persisted entity carries.
 * Architecture: domain layer, shared by all entities.
 * Dependencies: none.
 * Concepts: createdAt never changes; updatedAt moves with every write.
 */

export interface Timestamps {
  readonly createdAt: Date;
  readonly updatedAt: Date;
}
