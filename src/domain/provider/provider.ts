/**
 * Overview: the Provider entity: the organisation that runs this Nimbus installation.
 * Architecture: domain entity; persisted through ProviderRepository.
 * Dependencies: domain errors, timestamps.
 * Concepts: a provider owns users (and, from phase 2, tenants); phase 1 has exactly one.
 */
import { ValidationError } from '../shared/domain-error.js';
import type { Timestamps } from '../shared/timestamps.js';

export const MAX_PROVIDER_NAME_LENGTH = 200;

export interface Provider extends Timestamps {
  readonly id: string;
  readonly name: string;
}

export function parseProviderName(raw: string, field = 'organizationName'): string {
  const name = raw.trim();
  if (name.length === 0) throw new ValidationError([{ field, message: 'is required' }]);
  if (name.length > MAX_PROVIDER_NAME_LENGTH)
    throw new ValidationError([{ field, message: `must be at most ${MAX_PROVIDER_NAME_LENGTH} characters` }]);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name))
    throw new ValidationError([{ field, message: 'must not contain control characters' }]);
  return name;
}

export function newProvider(id: string, name: string, now: Date): Provider {
  return { id, name: parseProviderName(name), createdAt: now, updatedAt: now };
}
