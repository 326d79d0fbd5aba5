/**
 * Overview: the `authEvents` query: one page of the audit trail, newest first.
 * Architecture: GraphQL delivery adapter (type-graphql resolver) over the listAuthEvents use case.
 * Dependencies: type-graphql, inversify, zod (the id check), the use-case catalogue.
 * Concepts: the caller is authenticated first; who may see whose events is the use case's rule
 *   (an administrator: anyone's; anyone else: their own, another id is FORBIDDEN); a userId that
 *   is not a UUID is a VALIDATION_ERROR, as a bad page size or cursor is.
 */
import { inject, injectable } from 'inversify';
import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import { z } from 'zod';
import { UseCasesToken, type AuthEventPage, type UseCases } from '../../../application/index.js';
import { ValidationError, type AuthEventType } from '../../../domain/index.js';
import { requirePrincipal, type GraphqlContext } from '../graphql-context.js';
import { AuthEventConnectionObject, AuthEventTypeEnum } from '../types/auth-event.type.js';

const UserId = z.uuid();

@Resolver()
@injectable()
export class AuthEventsResolver {
  constructor(
    @inject(UseCasesToken)
    private readonly useCases: Pick<UseCases, 'getCurrentUser' | 'listAuthEvents'>,
  ) {}

  @Query(() => AuthEventConnectionObject, {
    description:
      'Auth events, newest first. An administrator sees every event and may pass any userId; anyone ' +
      'else sees only their own, and another user’s id is FORBIDDEN.',
  })
  async authEvents(
    // type-graphql lists arguments in the reverse order of the parameters: these read as the
    // contract's `authEvents(first, after, types, userId)`.
    @Arg('userId', () => ID, { nullable: true, description: 'Only this user’s events.' })
    userId: string | null,
    @Arg('types', () => [AuthEventTypeEnum], { nullable: true, description: 'Only these (empty: all).' })
    types: AuthEventType[] | null,
    @Arg('after', () => String, { nullable: true, description: 'endCursor of the previous page.' })
    after: string | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20, description: '1..100.' })
    first: number | null,
    @Ctx() ctx: GraphqlContext,
  ): Promise<AuthEventPage> {
    const { user } = await requirePrincipal(ctx, this.useCases.getCurrentUser);
    if (userId != null && !UserId.safeParse(userId).success)
      throw new ValidationError([{ field: 'userId', message: 'must be a user id (a UUID)' }]);
    return this.useCases.listAuthEvents.execute({ caller: user, first, after, types, userId });
  }
}
