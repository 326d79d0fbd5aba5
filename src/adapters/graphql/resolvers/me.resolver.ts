/**
 * Overview: the `me` query: the signed-in user.
 * Architecture: GraphQL delivery adapter (type-graphql resolver) over the getCurrentUser use case.
 * Dependencies: type-graphql, inversify, the use-case catalogue.
 * Concepts: the bearer token must belong to a live session; failures leave with the codes of
 *   graphql-errors.ts (UNAUTHENTICATED, INVALID_TOKEN, SESSION_REVOKED, ...).
 */
import { inject, injectable } from 'inversify';
import { Ctx, Query, Resolver } from 'type-graphql';
import { UseCasesToken, type UseCases, type UserView } from '../../../application/index.js';
import { requirePrincipal, type GraphqlContext } from '../graphql-context.js';
import { UserType } from '../types/user.type.js';

@Resolver()
@injectable()
export class MeResolver {
  constructor(@inject(UseCasesToken) private readonly useCases: Pick<UseCases, 'getCurrentUser'>) {}

  @Query(() => UserType, { description: 'The signed-in user (needs Authorization: Bearer <token>).' })
  async me(@Ctx() ctx: GraphqlContext): Promise<UserView> {
    return (await requirePrincipal(ctx, this.useCases.getCurrentUser)).user;
  }
}
