/**
 * Overview: the use-case catalogue: every use case Nimbus serves, by name, as one typed object.
 * Architecture: application; built once by the composition root, read by every delivery adapter.
 * Dependencies: the use cases beside it.
 * Concepts: a delivery adapter asks for what it serves as `Pick<UseCases, ...>`, so adding a use
 *   case means one line here and one in the builder (src/bootstrap/use-cases.ts), and nothing in
 *   any wiring module.
 */
import type { ArchiveAuthEvents } from './archive-auth-events/archive-auth-events.use-case.js';
import type { ArchiveSessions } from './archive-sessions/archive-sessions.use-case.js';
import type { ChangePassword } from './change-password/change-password.use-case.js';
import type { CleanupExpiredSessions } from './cleanup-expired-sessions/cleanup-expired-sessions.use-case.js';
import type { GetCurrentUser } from './get-current-user/get-current-user.use-case.js';
import type { GetSetupStatus } from './get-setup-status/get-setup-status.use-case.js';
import type { InitializeSetup } from './initialize-setup/initialize-setup.use-case.js';
import type { IssueSetupToken } from './issue-setup-token/issue-setup-token.use-case.js';
import type { ListAuthEvents } from './list-auth-events/list-auth-events.use-case.js';
import type { ListSessions } from './list-sessions/list-sessions.use-case.js';
import type { Login } from './login/login.use-case.js';
import type { Logout } from './logout/logout.use-case.js';
import type { RefreshSession } from './refresh-session/refresh-session.use-case.js';
import type { ResetPassword } from './reset-password/reset-password.use-case.js';
import type { RevokeSession } from './revoke-session/revoke-session.use-case.js';
import type { SignOutOtherSessions } from './sign-out-other-sessions/sign-out-other-sessions.use-case.js';

export interface UseCases {
  readonly getSetupStatus: GetSetupStatus;
  readonly initializeSetup: InitializeSetup;
  readonly issueSetupToken: IssueSetupToken;
  readonly login: Login;
  readonly refreshSession: RefreshSession;
  readonly logout: Logout;
  readonly getCurrentUser: GetCurrentUser;
  readonly listSessions: ListSessions;
  readonly revokeSession: RevokeSession;
  readonly signOutOtherSessions: SignOutOtherSessions;
  readonly changePassword: ChangePassword;
  readonly cleanupExpiredSessions: CleanupExpiredSessions;
  readonly archiveSessions: ArchiveSessions;
  readonly archiveAuthEvents: ArchiveAuthEvents;
  readonly resetPassword: ResetPassword;
  readonly listAuthEvents: ListAuthEvents;
}

/** The container's key for the catalogue (delivery adapters built by the container ask for it). */
export const UseCasesToken = Symbol.for('nimbus.UseCases');
