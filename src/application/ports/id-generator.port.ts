/**
 * Overview: the IdGenerator port: identifiers for new entities.
 * Architecture: application port; adapter: random UUIDs.
 * Dependencies: none.
 * Concepts: ids are unguessable and unique; they carry no meaning.
 */

export const IdGeneratorToken = Symbol.for('nimbus.IdGenerator');

export interface IdGenerator {
  /** A new, unique identifier. Never throws. */
  newId(): string;
}
