/**
 * Overview: the auth endpoints: login, refresh, logout, me, password change, and the caller's
 *   sessions (list, end one, end all the others).
 * Architecture: HTTP delivery adapter: route declarations (route.ts) over the auth use cases.
 * Dependencies: the route declaration, the schemas, the auth use cases, the refresh limiter.
 * Concepts: login attempts are logged with the email, never the password; another user's session
 *   answers 404; a session id that is not a UUID answers 400; a wrong current password is a
 *   refused login attempt (401 INVALID_CREDENTIALS, same throttle); every use case gets the
 *   client (address, device, trace id) for the auth events it records.
 */
import type { RateLimiter, UseCases } from '../../../application/index.js';
import { isDomainError } from '../../../domain/index.js';
import { defineRoute, reply } from '../route.js';
import {
  ChangePasswordRequest,
  LoginRequest,
  LoginResponse,
  RefreshRequest,
  SessionIdParams,
  SessionList,
  SessionsEnded,
  TokenPair,
  User,
} from '../schemas.js';

export const authRoutes = [
  defineRoute({
    method: 'post',
    path: '/api/v1/auth/login',
    operationId: 'login',
    tags: ['auth'],
    summary: 'Sign in with email and password',
    auth: 'none',
    body: LoginRequest,
    responses: { 200: { description: 'Signed in', schema: LoginResponse } },
    errors: [
      'INVALID_CREDENTIALS',
      'SETUP_REQUIRED',
      'SESSION_LIMIT_REACHED',
      'TOO_MANY_ATTEMPTS',
      'SERVICE_UNAVAILABLE',
    ],
    handler: async ({ body: { email, password }, client, log }, { login }: Pick<UseCases, 'login'>) => {
      try {
        const { user, tokens } = await login.execute({ email, password, ...client });
        log.info({ userId: user.id, sessionId: tokens.sessionId }, 'login succeeded');
        return reply(200, { ...tokens, user });
      } catch (error) {
        if (isDomainError(error)) log.info({ email, code: error.code }, 'login refused');
        throw error;
      }
    },
  }),

  defineRoute({
    method: 'post',
    path: '/api/v1/auth/refresh',
    operationId: 'refresh',
    tags: ['auth'],
    summary: 'Spend a refresh token for a new access token and refresh token',
    auth: 'none',
    body: RefreshRequest,
    responses: { 200: { description: 'New tokens', schema: TokenPair } },
    errors: ['INVALID_TOKEN', 'SESSION_REVOKED', 'TOO_MANY_ATTEMPTS', 'SERVICE_UNAVAILABLE'],
    handler: async (
      { body: { refreshToken }, client },
      deps: Pick<UseCases, 'refreshSession'> & { readonly refreshLimiter: RateLimiter },
    ) => {
      await deps.refreshLimiter.consume(client.ip);
      return reply(200, await deps.refreshSession.execute({ refreshToken, ...client }));
    },
  }),

  defineRoute({
    method: 'post',
    path: '/api/v1/auth/logout',
    operationId: 'logout',
    tags: ['auth'],
    summary: 'End the current session',
    auth: 'bearer',
    responses: { 204: { description: 'Signed out' } },
    errors: ['SERVICE_UNAVAILABLE'],
    handler: async ({ principal, client }, { logout }: Pick<UseCases, 'logout'>) => {
      await logout.execute({ sessionId: principal.sessionId, ...client });
      return reply(204);
    },
  }),

  defineRoute({
    method: 'get',
    path: '/api/v1/auth/me',
    operationId: 'me',
    tags: ['auth'],
    summary: 'The signed-in user',
    auth: 'bearer',
    responses: { 200: { description: 'The user', schema: User } },
    errors: ['SERVICE_UNAVAILABLE'],
    handler: ({ principal }) => reply(200, principal.user),
  }),

  defineRoute({
    method: 'post',
    path: '/api/v1/auth/password',
    operationId: 'changePassword',
    tags: ['auth'],
    summary: 'Change the signed-in user’s password; ends every other session of theirs',
    auth: 'bearer',
    body: ChangePasswordRequest,
    responses: { 204: { description: 'Password changed; this session stays signed in' } },
    errors: ['INVALID_CREDENTIALS', 'SESSION_REVOKED', 'TOO_MANY_ATTEMPTS', 'SERVICE_UNAVAILABLE'],
    handler: async (
      { body, principal, client, log },
      { changePassword }: Pick<UseCases, 'changePassword'>,
    ) => {
      const caller = { userId: principal.user.id, sessionId: principal.sessionId };
      try {
        const { endedSessions } = await changePassword.execute({ ...caller, ...body, ...client });
        log.info({ ...caller, endedSessions }, 'password changed');
        return reply(204);
      } catch (error) {
        if (isDomainError(error)) log.info({ ...caller, code: error.code }, 'password change refused');
        throw error;
      }
    },
  }),

  defineRoute({
    method: 'get',
    path: '/api/v1/auth/sessions',
    operationId: 'listSessions',
    tags: ['auth'],
    summary: 'The signed-in user’s live sessions',
    auth: 'bearer',
    responses: { 200: { description: 'Sessions', schema: SessionList } },
    errors: ['USER_NOT_FOUND', 'SERVICE_UNAVAILABLE'],
    handler: async ({ principal: { user, sessionId } }, { listSessions }: Pick<UseCases, 'listSessions'>) => {
      const sessions = await listSessions.execute({ userId: user.id, currentSessionId: sessionId });
      return reply(200, { sessions });
    },
  }),

  defineRoute({
    method: 'delete',
    path: '/api/v1/auth/sessions',
    operationId: 'signOutOtherSessions',
    tags: ['auth'],
    summary: 'End every session of the signed-in user except the current one',
    auth: 'bearer',
    responses: { 200: { description: 'How many sessions ended', schema: SessionsEnded } },
    errors: ['SESSION_REVOKED', 'SERVICE_UNAVAILABLE'],
    handler: async (
      { principal: { user, sessionId }, client },
      { signOutOtherSessions }: Pick<UseCases, 'signOutOtherSessions'>,
    ) => reply(200, await signOutOtherSessions.execute({ userId: user.id, sessionId, ...client })),
  }),

  defineRoute({
    method: 'delete',
    path: '/api/v1/auth/sessions/:id',
    operationId: 'revokeSession',
    tags: ['auth'],
    summary: 'End one of the signed-in user’s sessions',
    auth: 'bearer',
    params: SessionIdParams,
    responses: { 204: { description: 'Session ended' } },
    errors: ['SESSION_NOT_FOUND', 'SERVICE_UNAVAILABLE'],
    handler: async ({ params, principal, client }, { revokeSession }: Pick<UseCases, 'revokeSession'>) => {
      await revokeSession.execute({ sessionId: params.id, ownerId: principal.user.id, ...client });
      return reply(204);
    },
  }),
] as const;
