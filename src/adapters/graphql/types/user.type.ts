/**
 * Overview: the GraphQL `User` object type and its `UserRole` enum.
 * Architecture: GraphQL delivery adapter (type-graphql schema types).
 * Dependencies: type-graphql, graphql-scalars, the domain's user roles.
 * Concepts: a user as the API shows it (the application's UserView): never a password hash.
 */
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import type { UserRole } from '../../../domain/index.js';

/** GraphQL enum names for the domain's roles; `satisfies` breaks the build when a role is added. */
export const UserRoleEnum = {
  ADMIN: 'admin',
  MEMBER: 'member',
} as const satisfies { readonly [R in UserRole as Uppercase<R>]: R };

registerEnumType(UserRoleEnum, { name: 'UserRole', description: 'What a user may do in their provider.' });

@ObjectType('User', { description: 'A Nimbus user.' })
export class UserType {
  @Field(() => ID)
  readonly id!: string;

  @Field(() => String)
  readonly email!: string;

  @Field(() => ID, { description: 'The provider (tenant) the user belongs to.' })
  readonly providerId!: string;

  @Field(() => UserRoleEnum)
  readonly role!: UserRole;

  @Field(() => GraphQLDateTimeISO)
  readonly createdAt!: Date;
}
