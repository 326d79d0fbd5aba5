/**
 * Overview: tells whether a string can be a `uuid` column value.
 * Architecture: persistence adapter (Kysely) helper.
 * Dependencies: none.
 * Concepts: ids come from clients (URLs, CLI arguments); a string PostgreSQL cannot cast to uuid
 *   is simply not found, never a database error.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
