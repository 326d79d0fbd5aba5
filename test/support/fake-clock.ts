/**
 * Overview: a Clock the test moves by hand.
 * Architecture: test double for the application's Clock port (real state, no assertions).
 * Dependencies: the Clock port.
 * Concepts: time only moves when the test says so.
 */
import type { Clock } from '../../src/application/index.js';

export class FakeClock implements Clock {
  private current: number;

  constructor(start: Date | string = '2026-01-01T00:00:00Z') {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  advance(seconds: number): void {
    this.current += seconds * 1000;
  }

  set(to: Date | string): void {
    this.current = new Date(to).getTime();
  }
}
