/**
 * Overview: Clock on the system time.
 * Architecture: system adapter for the application's Clock port.
 * Dependencies: none.
 * Concepts: the only place production code reads the wall clock for business rules.
 */
import type { Clock } from '../../application/index.js';

export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }
}
