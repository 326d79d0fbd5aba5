/**
 * Overview: the concurrent-session policy and the domain's value rules, as pure functions.
 * Architecture: domain unit tests (no adapters).
 * Dependencies: the domain, chai.
 * Concepts: evict-oldest picks the least recently used; deny throws; 0 is unlimited.
 */
import { expect } from 'chai';
import {
  checkPassword,
  normalizeEmail,
  parseEmail,
  parseProviderName,
  SessionLimitReachedError,
  sessionsToEvict,
  ValidationError,
  type Session,
} from '../../src/domain/index.js';

function session(id: string, lastUsedMinute: number): Session {
  const at = new Date(Date.UTC(2026, 0, 1, 0, lastUsedMinute));
  return {
    id,
    userId: 'u',
    providerId: 'p',
    accessTokenId: 'a',
    refreshTokenHash: 'h',
    previousRefreshTokenHash: null,
    refreshRotatedAt: null,
    refreshIssuedAt: at,
    generation: 0,
    expiresAt: new Date(Date.UTC(2027, 0, 1)),
    lastUsedAt: at,
    ip: null,
    userAgent: null,
    revokedAt: null,
    revokeReason: null,
    accessUsedAt: null,
    createdAt: new Date(Date.UTC(2026, 0, 1)),
    updatedAt: at,
  };
}

describe('session policy', () => {
  const live = [session('recent', 30), session('oldest', 1), session('middle', 10)];

  it('evicts nothing below the limit, or with limit 0', () => {
    expect(sessionsToEvict({ maxSessionsPerUser: 4, onLimit: 'evict-oldest' }, live)).to.deep.equal([]);
    expect(sessionsToEvict({ maxSessionsPerUser: 0, onLimit: 'deny' }, live)).to.deep.equal([]);
  });

  it('evicts the least recently used sessions to make room for one more', () => {
    expect(
      sessionsToEvict({ maxSessionsPerUser: 3, onLimit: 'evict-oldest' }, live).map((s) => s.id),
    ).to.deep.equal(['oldest']);
    expect(
      sessionsToEvict({ maxSessionsPerUser: 2, onLimit: 'evict-oldest' }, live).map((s) => s.id),
    ).to.deep.equal(['oldest', 'middle']);
  });

  it('throws SESSION_LIMIT_REACHED under deny at the limit', () => {
    expect(() => sessionsToEvict({ maxSessionsPerUser: 3, onLimit: 'deny' }, live)).to.throw(
      SessionLimitReachedError,
    );
  });
});

describe('domain values', () => {
  it('normalises emails (trim, lower case) and rejects malformed ones', () => {
    expect(normalizeEmail('  Admin@Example.COM ')).to.equal('admin@example.com');
    expect(parseEmail(' A@B.co ')).to.equal('a@b.co');
    for (const bad of ['', 'plain', 'a@b', 'a b@c.d', `${'x'.repeat(250)}@e.com`]) {
      expect(() => parseEmail(bad), bad).to.throw(ValidationError);
    }
  });

  it('accepts any password between 1 and 1,024 characters (spec Q3, L2)', () => {
    expect(() => checkPassword('a')).to.not.throw();
    expect(() => checkPassword('p'.repeat(1024))).to.not.throw();
    expect(() => checkPassword('')).to.throw(ValidationError);
    expect(() => checkPassword('p'.repeat(1025))).to.throw(ValidationError);
  });

  it('trims organisation names and rejects empty, over-long and control-character names', () => {
    expect(parseProviderName('  Acme  ')).to.equal('Acme');
    for (const bad of ['   ', 'x'.repeat(201), 'Acme\u0000Corp', 'line\nbreak']) {
      expect(() => parseProviderName(bad)).to.throw(ValidationError);
    }
  });
});
