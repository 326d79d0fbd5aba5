/**
 * Overview: the application layer's public surface: use cases, ports and their views.
 * Architecture: application barrel; imports only src/domain and itself.
 * Dependencies: the modules beside it.
 * Concepts: one class per use case, one `execute` each.
 */
export * from './auth-settings.js';
export * from './ports/clock.port.js';
export * from './ports/compressor.port.js';
export * from './ports/id-generator.port.js';
export * from './ports/job-runs.port.js';
export * from './ports/live-sessions.port.js';
export * from './ports/login-throttle.port.js';
export * from './ports/object-store.port.js';
export * from './ports/password-hasher.port.js';
export * from './ports/rate-limiter.port.js';
export * from './ports/token-service.port.js';
export * from './ports/unit-of-work.port.js';
export * from './ports/workflow-scheduler.port.js';
export * from './shared/session-issuer.js';
export * from './shared/views.js';
export * from './get-setup-status/get-setup-status.use-case.js';
export * from './initialize-setup/initialize-setup.use-case.js';
export * from './login/login.use-case.js';
export * from './refresh-session/refresh-session.use-case.js';
export * from './logout/logout.use-case.js';
export * from './get-current-user/get-current-user.use-case.js';
export * from './list-sessions/list-sessions.use-case.js';
export * from './reset-password/reset-password.use-case.js';
export * from './revoke-session/revoke-session.use-case.js';
export * from './sign-out-other-sessions/sign-out-other-sessions.use-case.js';
export * from './change-password/change-password.use-case.js';
export * from './cleanup-expired-sessions/cleanup-expired-sessions.use-case.js';
export * from './archive-sessions/archive-sessions.use-case.js';
export * from './archive-auth-events/archive-auth-events.use-case.js';
export * from './list-auth-events/list-auth-events.use-case.js';
export * from './issue-setup-token/issue-setup-token.use-case.js';
export * from './use-cases.js';
