/**
 * Overview: the GraphQL types of the audit trail: the `AuthEventType` and `AuthEventOutcome`
 *   enums, `AuthEvent`, and its cursor connection (`AuthEventConnection`, edges, page info).
 * Architecture: GraphQL delivery adapter (type-graphql schema types).
 * Dependencies: type-graphql, graphql-scalars, the domain's event types and outcomes.
 * Concepts: an event as the API shows it: never a secret; `count` is how many throttled attempts
 *   one event stands for; a cursor is opaque (the position of an event, from ListAuthEvents).
 */
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import {
  AUTH_EVENT_OUTCOMES,
  AUTH_EVENT_TYPES,
  type AuthEventOutcome,
  type AuthEventType,
} from '../../../domain/index.js';

/** The domain's names are the GraphQL names: one enum value per domain value. */
function enumOf<const T extends string>(values: readonly T[]): { readonly [K in T]: K } {
  return Object.fromEntries(values.map((v) => [v, v])) as { readonly [K in T]: K };
}

export const AuthEventTypeEnum = enumOf(AUTH_EVENT_TYPES);
export const AuthEventOutcomeEnum = enumOf(AUTH_EVENT_OUTCOMES);

registerEnumType(AuthEventTypeEnum, {
  name: 'AuthEventType',
  description: 'What was decided.',
  valuesConfig: {
    LOGIN_FAILED: {
      description: 'Wrong password, unknown email or deleted user (one kind, as the API answers).',
    },
    LOGIN_THROTTLED: {
      description: 'The first throttled attempt per budget and window; later ones raise `count`.',
    },
    REFRESH_REUSE_DETECTED: { description: 'A rotated refresh token was replayed; the session was revoked.' },
    SESSION_REVOKED: {
      description: 'Ended by its user (revoke one, sign out all others, password change) or an operator.',
    },
    SESSION_EVICTED: { description: 'Ended by the session limit at another sign-in.' },
    SESSION_EXPIRED: { description: 'Reached its expiry or absolute end (recorded when found expired).' },
    PASSWORD_RESET: { description: 'Admin recovery: `nimbus users reset-password`.' },
  },
});
registerEnumType(AuthEventOutcomeEnum, { name: 'AuthEventOutcome' });

@ObjectType('AuthEvent', { description: 'One recorded authentication decision.' })
export class AuthEventObject {
  @Field(() => ID)
  readonly id!: string;

  @Field(() => GraphQLDateTimeISO)
  readonly occurredAt!: Date;

  @Field(() => AuthEventTypeEnum)
  readonly type!: AuthEventType;

  @Field(() => AuthEventOutcomeEnum)
  readonly outcome!: AuthEventOutcome;

  @Field(() => ID, { nullable: true, description: 'Null when the email matched no user.' })
  readonly userId!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The user’s email; for LOGIN_FAILED and LOGIN_THROTTLED the email tried.',
  })
  readonly email!: string | null;

  @Field(() => ID, { nullable: true })
  readonly sessionId!: string | null;

  @Field(() => String, { nullable: true })
  readonly ip!: string | null;

  @Field(() => String, { nullable: true })
  readonly userAgent!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'X-Trace-ID of the request that caused it; null for jobs and the CLI.',
  })
  readonly traceId!: string | null;

  @Field(() => Int, { description: '1, or how many throttled attempts this event stands for.' })
  readonly count!: number;

  @Field(() => String, {
    nullable: true,
    description:
      'A short machine-readable reason, e.g. "signed_out_others", "password_changed", "session_limit".',
  })
  readonly detail!: string | null;
}

@ObjectType('AuthEventEdge')
export class AuthEventEdgeObject {
  @Field(() => String)
  readonly cursor!: string;

  @Field(() => AuthEventObject)
  readonly node!: AuthEventObject;
}

@ObjectType('AuthEventPageInfo')
export class AuthEventPageInfoObject {
  @Field(() => Boolean)
  readonly hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  readonly endCursor!: string | null;
}

@ObjectType('AuthEventConnection')
export class AuthEventConnectionObject {
  @Field(() => [AuthEventEdgeObject])
  readonly edges!: AuthEventEdgeObject[];

  @Field(() => AuthEventPageInfoObject)
  readonly pageInfo!: AuthEventPageInfoObject;
}
