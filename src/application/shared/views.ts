/**
 * Overview: what use cases hand back to delivery adapters: users, sessions and token pairs
 *   without secrets or storage details.
 * Architecture: application layer output types and their mappers.
 * Dependencies: domain entities.
 * Concepts: a view never carries a password hash or a token hash.
 */
import { sessionAbsoluteEnd, type Session, type User, type UserRole } from '../../domain/index.js';

export interface UserView {
  readonly id: string;
  readonly email: string;
  readonly providerId: string;
  readonly role: UserRole;
  readonly createdAt: Date;
}

export interface SessionView {
  readonly id: string;
  readonly createdAt: Date;
  readonly lastUsedAt: Date;
  readonly expiresAt: Date;
  /** The latest the session can last however often it refreshes: login + the maximum lifetime. */
  readonly absoluteExpiresAt: Date;
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly current: boolean;
}

export interface TokenPair {
  readonly tokenType: 'Bearer';
  readonly accessToken: string;
  /** Seconds until the access token expires. */
  readonly expiresIn: number;
  readonly refreshToken: string;
  /** Seconds until the refresh token expires. */
  readonly refreshExpiresIn: number;
  readonly sessionId: string;
}

export function toUserView(user: User): UserView {
  return {
    id: user.id,
    email: user.email,
    providerId: user.providerId,
    role: user.role,
    createdAt: user.createdAt,
  };
}

export function toSessionView(
  session: Session,
  currentSessionId: string | null,
  maxLifetimeSeconds: number,
): SessionView {
  return {
    id: session.id,
    createdAt: session.createdAt,
    lastUsedAt: session.lastUsedAt,
    expiresAt: session.expiresAt,
    absoluteExpiresAt: sessionAbsoluteEnd(session, maxLifetimeSeconds),
    ip: session.ip,
    userAgent: session.userAgent,
    current: session.id === currentSessionId,
  };
}
