/**
 * Overview: mocha root hooks: stop the shared test PostgreSQL after the whole run.
 * Architecture: test harness.
 * Dependencies: the test PostgreSQL helper.
 * Concepts: PostgreSQL starts lazily, on the first suite that asks for it.
 */
import 'reflect-metadata';
import { stopTestPostgres } from './postgres.js';

export const mochaHooks = {
  async afterAll(this: Mocha.Context) {
    this.timeout(30_000);
    await stopTestPostgres();
  },
};
