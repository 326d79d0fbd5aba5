/**
 * Overview: the domain's public surface, re-exported for the outer layers.
 * Architecture: domain layer barrel; imports nothing outside src/domain.
 * Dependencies: the domain modules beside it.
 * Concepts: Provider, User, Session (its life and rotation), SystemConfig, session policy, AuthEvent
 *   (the audit trail), domain errors.
 */
export * from './shared/domain-error.js';
export * from './shared/email.js';
export * from './shared/object-key.js';
export * from './shared/password.js';
export * from './shared/timestamps.js';
export * from './provider/provider.js';
export * from './provider/provider.repository.js';
export * from './user/user.js';
export * from './user/user.repository.js';
export * from './session/session.js';
export * from './session/session-policy.js';
export * from './session/session-rotation.js';
export * from './session/session.repository.js';
export * from './setup/system-config.js';
export * from './setup/system-config.repository.js';
export * from './audit/auth-event.js';
export * from './audit/auth-event.repository.js';
