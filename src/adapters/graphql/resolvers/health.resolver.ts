/**
 * Overview: the `health` and `version` queries.
 * Architecture: GraphQL delivery adapter (type-graphql resolver, built by the container).
 * Dependencies: type-graphql, inversify, the app version token.
 * Concepts: `health` answers while the API process serves requests; readiness (the database)
 *   is the HTTP /ready probe's job.
 */
import { inject, injectable } from 'inversify';
import { Query, Resolver } from 'type-graphql';
import { AppVersionToken } from '../tokens.js';

@Resolver()
@injectable()
export class HealthResolver {
  constructor(@inject(AppVersionToken) private readonly appVersion: string) {}

  @Query(() => String, { description: 'Always "ok" while the API answers.' })
  health(): string {
    return 'ok';
  }

  @Query(() => String, { description: 'The version of the Nimbus back end.' })
  version(): string {
    return this.appVersion;
  }
}
