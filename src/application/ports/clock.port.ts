/**
 * Overview: the Clock port: where use cases get "now".
 * Architecture: application port; adapters: system clock, and a settable clock in tests.
 * Dependencies: none.
 * Concepts: no use case calls `new Date()` itself, so time-based rules are testable.
 */

export const ClockToken = Symbol.for('nimbus.Clock');

export interface Clock {
  /** The current instant. Never throws. */
  now(): Date;
}
