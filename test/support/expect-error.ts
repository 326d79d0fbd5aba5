/**
 * Overview: asserts that a promise rejects with a domain error of a given code.
 * Architecture: test harness.
 * Dependencies: chai, the domain errors.
 * Concepts: tests check the stable `code`, never the message wording alone.
 */
import { expect } from 'chai';
import { DomainError, type DomainErrorCode } from '../../src/domain/index.js';

export async function expectDomainError(
  promise: Promise<unknown>,
  code: DomainErrorCode,
): Promise<DomainError> {
  let thrown: unknown = null;
  try {
    await promise;
  } catch (error) {
    thrown = error;
  }
  expect(thrown, `expected a ${code} error`).to.be.instanceOf(DomainError);
  expect((thrown as DomainError).code).to.equal(code);
  return thrown as DomainError;
}
