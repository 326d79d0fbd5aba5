/**
 * Overview: the GraphQL `Session` object type: one of the caller's live sign-ins.
 * Architecture: GraphQL delivery adapter (type-graphql schema type).
 * Dependencies: type-graphql, graphql-scalars.
 * Concepts: the application's SessionView, the same fields REST's `Session` shows; never a
 *   token or its hash. `current` marks the session whose token asked.
 */
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType('Session', { description: 'One sign-in on one device.' })
export class SessionType {
  @Field(() => ID)
  readonly id!: string;

  @Field(() => GraphQLDateTimeISO)
  readonly createdAt!: Date;

  @Field(() => GraphQLDateTimeISO)
  readonly lastUsedAt!: Date;

  @Field(() => GraphQLDateTimeISO, { description: 'When it ends unless refreshed.' })
  readonly expiresAt!: Date;

  @Field(() => GraphQLDateTimeISO, {
    description: 'When it ends however often it refreshes (sign-in + auth.sessionMaxLifetime).',
  })
  readonly absoluteExpiresAt!: Date;

  @Field(() => String, { nullable: true, description: 'The client address at sign-in.' })
  readonly ip!: string | null;

  @Field(() => String, { nullable: true })
  readonly userAgent!: string | null;

  @Field(() => Boolean, { description: 'True for the session of the token that asked.' })
  readonly current!: boolean;
}
