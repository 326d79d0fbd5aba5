/**
 * Overview: the auth endpoints: login, refresh, logout, me, and the caller's sessions.
 * Architecture: HTTP delivery adapter (Express router) over the auth use cases.
 * Dependencies: express, the use cases, the request schemas, the shared middleware.
 * Concepts: responses never cache; login attempts are logged with the email, never the
 *   password; another user's session answers 404.
 */
import { Router } from 'express';
import type { z } from 'zod';
import type {
  GetCurrentUser,
  ListSessions,
  Login,
  Logout,
  RateLimiter,
  RefreshSession,
  RevokeSession,
} from '../../../application/index.js';
import { isDomainError } from '../../../domain/index.js';
import { authenticate, body, clientInfo, noStore, principalOf } from '../middleware.js';
import { LoginRequest, RefreshRequest } from '../schemas.js';

export interface AuthRoutesDependencies {
  readonly login: Login;
  readonly refreshSession: RefreshSession;
  readonly logout: Logout;
  readonly getCurrentUser: GetCurrentUser;
  readonly listSessions: ListSessions;
  readonly revokeSession: RevokeSession;
  readonly refreshLimiter: RateLimiter;
}

export function authRoutes(deps: AuthRoutesDependencies): Router {
  const router = Router();
  const requireUser = authenticate(deps.getCurrentUser);
  router.use(noStore);

  router.post('/login', body(LoginRequest), async (req, res) => {
    const { email, password } = req.body as z.output<typeof LoginRequest>;
    try {
      const { user, tokens } = await deps.login.execute({ email, password, ...clientInfo(req) });
      req.log?.info({ userId: user.id, sessionId: tokens.sessionId }, 'login succeeded');
      res.json({ ...tokens, user });
    } catch (error) {
      if (isDomainError(error)) req.log?.info({ email, code: error.code }, 'login refused');
      throw error;
    }
  });

  router.post('/refresh', body(RefreshRequest), async (req, res) => {
    await deps.refreshLimiter.consume(req.ip ?? null);
    const { refreshToken } = req.body as z.output<typeof RefreshRequest>;
    res.json(await deps.refreshSession.execute({ refreshToken, ...clientInfo(req) }));
  });

  router.post('/logout', requireUser, async (_req, res) => {
    await deps.logout.execute({ sessionId: principalOf(res).sessionId });
    res.status(204).end();
  });

  router.get('/me', requireUser, (_req, res) => {
    res.json(principalOf(res).user);
  });

  router.get('/sessions', requireUser, async (_req, res) => {
    const { user, sessionId } = principalOf(res);
    const sessions = await deps.listSessions.execute({ userId: user.id, currentSessionId: sessionId });
    res.json({ sessions });
  });

  router.delete('/sessions/:id', requireUser, async (req, res) => {
    await deps.revokeSession.execute({ sessionId: String(req.params.id), ownerId: principalOf(res).user.id });
    res.status(204).end();
  });

  return router;
}
