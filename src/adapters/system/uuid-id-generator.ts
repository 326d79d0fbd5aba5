/**
 * Overview: IdGenerator on random (v4) UUIDs.
 * Architecture: system adapter for the application's IdGenerator port.
 * Dependencies: node:crypto.
 * Concepts: 122 random bits: unguessable, so session ids may appear in URLs.
 */
import { randomUUID } from 'node:crypto';
import type { IdGenerator } from '../../application/index.js';

export class UuidIdGenerator implements IdGenerator {
  newId(): string {
    return randomUUID();
  }
}
