/**
 * Overview: the `sessions` query and the `revokeSession` mutation: the caller's live sessions,
 *   and ending one of them.
 * Architecture: GraphQL delivery adapter (type-graphql resolver) over the listSessions and
 *   revokeSession use cases, the same ones REST's /auth/sessions routes call.
 * Dependencies: type-graphql, inversify, zod (the id check REST makes), the use-case catalogue.
 * Concepts: the caller is authenticated first; an id that is not a UUID is a VALIDATION_ERROR
 *   before any session is read; another user's or an ended session is SESSION_NOT_FOUND.
 */
import { inject, injectable } from 'inversify';
import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { z } from 'zod';
import { UseCasesToken, type SessionView, type UseCases } from '../../../application/index.js';
import { ValidationError } from '../../../domain/index.js';
import { requirePrincipal, type GraphqlContext } from '../graphql-context.js';
import { SessionType } from '../types/session.type.js';

const SESSION_ID_MESSAGE = 'must be a session id (a UUID)';
const SessionId = z.uuid();

@Resolver()
@injectable()
export class SessionsResolver {
  constructor(
    @inject(UseCasesToken)
    private readonly useCases: Pick<UseCases, 'getCurrentUser' | 'listSessions' | 'revokeSession'>,
  ) {}

  @Query(() => [SessionType], {
    description: 'The signed-in user’s live sessions, the current one marked.',
  })
  async sessions(@Ctx() ctx: GraphqlContext): Promise<SessionView[]> {
    const { user, sessionId } = await requirePrincipal(ctx, this.useCases.getCurrentUser);
    return this.useCases.listSessions.execute({ userId: user.id, currentSessionId: sessionId });
  }

  @Mutation(() => ID, {
    description: 'Ends one of the signed-in user’s sessions; answers its id.',
  })
  async revokeSession(
    @Arg('id', () => ID, { description: 'Session id, from the sessions query.' }) id: string,
    @Ctx() ctx: GraphqlContext,
  ): Promise<string> {
    const { user } = await requirePrincipal(ctx, this.useCases.getCurrentUser);
    if (!SessionId.safeParse(id).success)
      throw new ValidationError([{ field: 'id', message: SESSION_ID_MESSAGE }]);
    const { ip, userAgent, traceId } = ctx;
    await this.useCases.revokeSession.execute({ sessionId: id, ownerId: user.id, ip, userAgent, traceId });
    return id;
  }
}
