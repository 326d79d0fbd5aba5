/**
 * Overview: the session's life and rotation rules, as pure functions: opening, when a session has
 *   ended, revoking, last use, rotation, the grace window and what a presented token means.
 * Architecture: domain unit tests (no adapters); the adapters' agreement with these rules is the
 *   session part of the repository contract suite.
 * Dependencies: the domain, chai.
 * Concepts: live = never revoked and expiring after now; ended at = the earlier of revocation and
 *   expiry; the predecessor may fetch its successor within the grace window, or while that
 *   successor is unused for as long as an access token lives.
 */
import { expect } from 'chai';
import {
  canRotate,
  isCurrentAccessToken,
  isSessionLive,
  isSessionUsable,
  judgePresentedRefresh,
  mayReissueSuccessor,
  openSession,
  recordAccessUse,
  reissueAccess,
  reissueWindow,
  revokeSession,
  rotateSession,
  sessionEndedAt,
  sessionEndedBefore,
  sessionAbsoluteEnd,
  sessionTerm,
  staysWithinLifetime,
  touchSession,
  type Session,
  type SessionRotation,
} from '../../src/domain/index.js';
import { sessionFixture } from '../support/session-fixture.js';

const T0 = new Date('2026-01-01T00:00:00.000Z');
const at = (seconds: number): Date => new Date(T0.getTime() + seconds * 1000);
const LIVE_OWNER = { deletedAt: null };
const DELETED_OWNER = { deletedAt: at(1) };

function aSession(overrides: Partial<Session> = {}): Session {
  return sessionFixture({ id: 'u1', providerId: 'p1' }, T0, {
    id: 's1',
    accessTokenId: 'jti-0',
    refreshTokenHash: 'hash-0',
    ...overrides,
  });
}

const rotation = (presentedHash: string, now: Date): SessionRotation => ({
  presentedHash,
  refreshTokenHash: `next-of-${presentedHash}`,
  accessTokenId: 'jti-next',
  ...(({ issuedAt, expiresAt }) => ({ refreshIssuedAt: issuedAt, expiresAt }))(sessionTerm(now, 7200)),
  maxLifetimeSeconds: 86400,
});

describe('session life (domain)', () => {
  describe('sessionEndedAt', () => {
    it('is the expiry of a session never revoked', () => {
      expect(sessionEndedAt(aSession()).getTime()).to.equal(at(3600).getTime());
    });

    it('is the revocation when it came before the expiry, else the expiry', () => {
      expect(sessionEndedAt(aSession({ revokedAt: at(10) })).getTime()).to.equal(at(10).getTime());
      expect(sessionEndedAt(aSession({ revokedAt: at(4000) })).getTime()).to.equal(at(3600).getTime());
    });
  });

  describe('isSessionLive', () => {
    it('holds until the expiry instant, exclusive', () => {
      const session = aSession();
      expect(isSessionLive(session, at(0))).to.equal(true);
      expect(isSessionLive(session, new Date(at(3600).getTime() - 1))).to.equal(true);
      expect(isSessionLive(session, at(3600))).to.equal(false);
      expect(isSessionLive(session, at(3601))).to.equal(false);
    });

    it('never holds for a revoked session, even one revoked at a later instant than asked about', () => {
      expect(isSessionLive(aSession({ revokedAt: at(10) }), at(20))).to.equal(false);
      expect(isSessionLive(aSession({ revokedAt: at(30) }), at(20))).to.equal(false);
    });
  });

  describe('sessionEndedBefore', () => {
    it('holds only when the session ended strictly before the cutoff', () => {
      expect(sessionEndedBefore(aSession({ expiresAt: at(99) }), at(100))).to.equal(true);
      expect(sessionEndedBefore(aSession({ expiresAt: at(100) }), at(100))).to.equal(false);
      expect(sessionEndedBefore(aSession({ expiresAt: at(500), revokedAt: at(99) }), at(100))).to.equal(true);
      expect(sessionEndedBefore(aSession({ expiresAt: at(500), revokedAt: at(100) }), at(100))).to.equal(
        false,
      );
    });

    it('counts the expiry of a session revoked after it expired', () => {
      expect(sessionEndedBefore(aSession({ expiresAt: at(50), revokedAt: at(200) }), at(100))).to.equal(true);
    });
  });

  describe('isSessionUsable', () => {
    it('needs a live session and a live owner', () => {
      expect(isSessionUsable(aSession(), LIVE_OWNER, at(10))).to.equal(true);
      expect(isSessionUsable(aSession(), DELETED_OWNER, at(10))).to.equal(false);
      expect(isSessionUsable(aSession(), null, at(10))).to.equal(false);
      expect(isSessionUsable(aSession({ revokedAt: at(5) }), LIVE_OWNER, at(10))).to.equal(false);
      expect(isSessionUsable(aSession(), LIVE_OWNER, at(3600))).to.equal(false);
    });
  });

  describe('revokeSession', () => {
    it('records when and why, and moves updatedAt', () => {
      expect(revokeSession(aSession(), 'logout', at(20))).to.deep.equal(
        aSession({ revokedAt: at(20), revokeReason: 'logout', updatedAt: at(20) }),
      );
    });

    it('keeps the first revocation of a revoked session', () => {
      const revoked = aSession({ revokedAt: at(20), revokeReason: 'evicted', updatedAt: at(20) });
      expect(revokeSession(revoked, 'refresh_token_reuse', at(30))).to.equal(revoked);
    });

    it('revokes an expired session too (a logout after expiry is still recorded)', () => {
      expect(revokeSession(aSession({ expiresAt: at(10) }), 'logout', at(20)).revokedAt).to.deep.equal(
        at(20),
      );
    });
  });

  describe('touchSession', () => {
    it('only ever moves the last-used time forward', () => {
      const session = aSession({ lastUsedAt: at(100) });
      expect(touchSession(session, at(200))).to.deep.equal({ ...session, lastUsedAt: at(200) });
      expect(touchSession(session, at(50))).to.equal(session);
      expect(touchSession(session, at(100))).to.equal(session);
    });
  });

  describe('sessionTerm', () => {
    it('issues on the whole second and ends one refresh lifetime later', () => {
      const term = sessionTerm(new Date(at(10).getTime() + 999), 600);
      expect(term.issuedAt.getTime()).to.equal(at(10).getTime());
      expect(term.expiresAt.getTime()).to.equal(at(610).getTime());
    });
  });

  describe('the absolute end', () => {
    it('is the opening plus the maximum lifetime, whatever the expiry', () => {
      const session = aSession({ createdAt: at(40), expiresAt: at(90) });
      expect(sessionAbsoluteEnd(session, 1000).getTime()).to.equal(at(1040).getTime());
    });

    it('caps a term that would slide past it, and leaves one inside it alone', () => {
      const now = new Date(at(10).getTime() + 250);
      expect(sessionTerm(now, 600, at(300)).expiresAt.getTime()).to.equal(at(300).getTime());
      expect(sessionTerm(now, 600, at(300)).issuedAt.getTime()).to.equal(at(10).getTime());
      expect(sessionTerm(now, 600, at(5000)).expiresAt.getTime()).to.equal(at(610).getTime());
    });

    it('lets a rotation reach it but never pass it', () => {
      const session = aSession({ createdAt: at(0) });
      const within = { expiresAt: at(1000), maxLifetimeSeconds: 1000 };
      expect(staysWithinLifetime(session, within)).to.equal(true);
      expect(
        staysWithinLifetime(session, { ...within, expiresAt: new Date(at(1000).getTime() + 1) }),
      ).to.equal(false);
      expect(staysWithinLifetime(session, { ...within, maxLifetimeSeconds: 999 })).to.equal(false);
    });
  });

  describe('openSession', () => {
    const owner = { id: 'u9', providerId: 'p9' };
    const term = sessionTerm(new Date(at(5).getTime() + 400), 600);

    it('opens generation 0 with no predecessor, ending with its first refresh token', () => {
      const now = new Date(at(5).getTime() + 400);
      expect(
        openSession(
          { id: 's9', owner, accessTokenId: 'jti-9', refreshTokenHash: 'h9', term, ip: '203.0.113.1' },
          now,
        ),
      ).to.deep.equal({
        id: 's9',
        userId: 'u9',
        providerId: 'p9',
        accessTokenId: 'jti-9',
        refreshTokenHash: 'h9',
        previousRefreshTokenHash: null,
        refreshRotatedAt: null,
        refreshIssuedAt: at(5),
        generation: 0,
        expiresAt: at(605),
        lastUsedAt: now,
        ip: '203.0.113.1',
        userAgent: null,
        revokedAt: null,
        revokeReason: null,
        accessUsedAt: null,
        createdAt: now,
        updatedAt: now,
      });
    });

    it('keeps at most 512 characters of the user agent, and no empty one', () => {
      const base = { id: 's9', owner, accessTokenId: 'j', refreshTokenHash: 'h', term };
      expect(openSession({ ...base, userAgent: 'x'.repeat(600) }, at(5)).userAgent).to.have.length(512);
      expect(openSession({ ...base, userAgent: '' }, at(5)).userAgent).to.equal(null);
      expect(openSession(base, at(5)).ip).to.equal(null);
    });
  });
});

describe('session rotation (domain)', () => {
  const window = reissueWindow({ refreshGraceSeconds: 10, accessTokenTtlSeconds: 3600 });

  /** A session rotated once at at(100): hash-0 was spent for next-of-hash-0. */
  const rotated = (overrides: Partial<Session> = {}): Session =>
    rotateSession(aSession({ expiresAt: at(7200), ...overrides }), rotation('hash-0', at(100)), at(100));

  describe('canRotate', () => {
    it('holds for the current token of a usable session only', () => {
      expect(canRotate(aSession(), LIVE_OWNER, 'hash-0', at(10))).to.equal(true);
      expect(canRotate(aSession(), LIVE_OWNER, 'hash-other', at(10))).to.equal(false);
      expect(canRotate(aSession({ revokedAt: at(5) }), LIVE_OWNER, 'hash-0', at(10))).to.equal(false);
      expect(canRotate(aSession(), LIVE_OWNER, 'hash-0', at(3600))).to.equal(false);
      expect(canRotate(aSession(), DELETED_OWNER, 'hash-0', at(10))).to.equal(false);
      expect(canRotate(aSession(), null, 'hash-0', at(10))).to.equal(false);
    });
  });

  describe('rotateSession', () => {
    it('moves to the next generation, keeps the predecessor, slides the expiry and resets first use', () => {
      const before = aSession({ generation: 3, accessUsedAt: at(50), lastUsedAt: at(50) });
      const now = new Date(at(100).getTime() + 250);
      expect(rotateSession(before, rotation('hash-0', now), now)).to.deep.equal({
        ...before,
        accessTokenId: 'jti-next',
        refreshTokenHash: 'next-of-hash-0',
        previousRefreshTokenHash: 'hash-0',
        refreshRotatedAt: now,
        refreshIssuedAt: at(100),
        generation: 4,
        expiresAt: at(7300),
        lastUsedAt: now,
        accessUsedAt: null,
        updatedAt: now,
      });
    });
  });

  describe('reissueWindow', () => {
    it('is the grace setting, and one access-token lifetime for an unused successor', () => {
      expect(reissueWindow({ refreshGraceSeconds: 0, accessTokenTtlSeconds: 900 })).to.deep.equal({
        graceSeconds: 0,
        unusedSeconds: 900,
      });
    });
  });

  describe('mayReissueSuccessor', () => {
    it('lets the predecessor fetch the successor within the grace window, bounds included', () => {
      expect(mayReissueSuccessor(rotated(), 'hash-0', window, at(100))).to.equal(true);
      const usedNow = { ...rotated(), accessUsedAt: at(101) };
      expect(mayReissueSuccessor(usedNow, 'hash-0', window, at(110))).to.equal(true);
      expect(mayReissueSuccessor(usedNow, 'hash-0', window, new Date(at(110).getTime() + 1))).to.equal(false);
    });

    it('past the grace window, only while the successor is unused and an access token could live', () => {
      expect(mayReissueSuccessor(rotated(), 'hash-0', window, at(3700))).to.equal(true);
      expect(mayReissueSuccessor(rotated(), 'hash-0', window, at(3701))).to.equal(false);
      const used = { ...rotated(), accessUsedAt: at(200) };
      expect(mayReissueSuccessor(used, 'hash-0', window, at(300))).to.equal(false);
    });

    it('with a grace window of 0, a used successor is never fetched again', () => {
      const none = reissueWindow({ refreshGraceSeconds: 0, accessTokenTtlSeconds: 3600 });
      const used = { ...rotated(), accessUsedAt: at(100) };
      expect(mayReissueSuccessor(used, 'hash-0', none, at(100))).to.equal(true);
      expect(mayReissueSuccessor(used, 'hash-0', none, new Date(at(100).getTime() + 1))).to.equal(false);
    });

    it('never for another token, a session never rotated, or an ended session', () => {
      expect(mayReissueSuccessor(rotated(), 'next-of-hash-0', window, at(101))).to.equal(false);
      expect(mayReissueSuccessor(rotated(), 'hash-older', window, at(101))).to.equal(false);
      expect(mayReissueSuccessor(aSession(), 'hash-0', window, at(1))).to.equal(false);
      expect(mayReissueSuccessor({ ...rotated(), revokedAt: at(100) }, 'hash-0', window, at(101))).to.equal(
        false,
      );
      expect(mayReissueSuccessor(rotated(), 'hash-0', window, at(7300))).to.equal(false);
    });
  });

  describe('reissueAccess', () => {
    it('records the new access token and the use, leaving the refresh token and its term', () => {
      const session = rotated();
      expect(reissueAccess(session, 'jti-again', at(105))).to.deep.equal({
        ...session,
        accessTokenId: 'jti-again',
        lastUsedAt: at(105),
        updatedAt: at(105),
      });
    });
  });

  describe('judgePresentedRefresh', () => {
    const judge = (session: Session, hash: string, now: Date, owner: { deletedAt: Date | null } | null) =>
      judgePresentedRefresh(session, owner, hash, window, now);

    it('tells a revoked session from an expired one, whatever the owner', () => {
      expect(judge(aSession({ revokedAt: at(5), expiresAt: at(6) }), 'hash-0', at(10), null)).to.equal(
        'revoked',
      );
      expect(judge(aSession({ expiresAt: at(6) }), 'hash-0', at(10), null)).to.equal('expired');
    });

    it('reports a live session whose owner is gone', () => {
      expect(judge(aSession(), 'hash-0', at(10), null)).to.equal('owner-deleted');
      expect(judge(aSession(), 'hash-other', at(10), DELETED_OWNER)).to.equal('owner-deleted');
    });

    it('tells the current token, the predecessor in its window, and a replay apart', () => {
      expect(judge(rotated(), 'next-of-hash-0', at(101), LIVE_OWNER)).to.equal('current');
      expect(judge(rotated(), 'hash-0', at(101), LIVE_OWNER)).to.equal('predecessor');
      expect(judge({ ...rotated(), accessUsedAt: at(102) }, 'hash-0', at(200), LIVE_OWNER)).to.equal(
        'replay',
      );
      expect(judge(rotated(), 'hash-older', at(101), LIVE_OWNER)).to.equal('replay');
    });
  });

  describe('recordAccessUse', () => {
    it('records the first use of the current generation once', () => {
      const session = rotated();
      const used = recordAccessUse(session, 1, at(150));
      expect(used).to.deep.equal({ ...session, accessUsedAt: at(150) });
      expect(recordAccessUse(used, 1, at(160))).to.equal(used);
    });

    it('records nothing for a token of another generation', () => {
      const session = rotated();
      expect(recordAccessUse(session, 0, at(150))).to.equal(session);
    });
  });

  describe('isCurrentAccessToken', () => {
    it('holds for tokens issued in or after the second of the last rotation', () => {
      const session = { refreshRotatedAt: new Date(at(100).getTime() + 700) };
      expect(isCurrentAccessToken(session, at(100).getTime() / 1000)).to.equal(true);
      expect(isCurrentAccessToken(session, at(99).getTime() / 1000)).to.equal(false);
      expect(isCurrentAccessToken({ refreshRotatedAt: null }, at(100).getTime() / 1000)).to.equal(false);
    });
  });
});
