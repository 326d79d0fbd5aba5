/**
 * Overview: injection tokens that only the composition root knows (configuration, logger,
 *   database handle).
 * Architecture: bootstrap.
 * Dependencies: none.
 * Concepts: ports carry their own tokens beside their interfaces; these are wiring details.
 */

export const ConfigToken = Symbol.for('nimbus.Config');
export const LoggerToken = Symbol.for('nimbus.Logger');
export const DatabaseHandleToken = Symbol.for('nimbus.DatabaseHandle');
export const SchemaMigratorToken = Symbol.for('nimbus.SchemaMigrator');
