/**
 * Overview: binds the GraphQL resolvers and the version they report.
 * Architecture: bootstrap, Inversify module of the GraphQL delivery adapter.
 * Dependencies: inversify, the GraphQL adapter, the app version.
 * Concepts: type-graphql asks the container for each resolver; the resolvers' use cases come
 *   from the application module, which must be loaded too.
 */
import { ContainerModule } from 'inversify';
import {
  AppVersionToken,
  AuthEventsResolver,
  HealthResolver,
  MeResolver,
  SessionsResolver,
} from '../../adapters/graphql/index.js';
import { APP_VERSION } from '../version.js';

export function graphqlModule(): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(AppVersionToken).toConstantValue(APP_VERSION);
    bind(HealthResolver).toSelf().inSingletonScope();
    bind(MeResolver).toSelf().inSingletonScope();
    bind(SessionsResolver).toSelf().inSingletonScope();
    bind(AuthEventsResolver).toSelf().inSingletonScope();
  });
}
