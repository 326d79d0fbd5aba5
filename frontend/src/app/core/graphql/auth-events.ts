/**
 * Overview: the GraphQL `authEvents` query and the TypeScript types of its answer, written by
 *   hand from the contract (the only place the web UI spells them).
 * Architecture: core GraphQL API of the web UI; the Activity page and the Sessions page's
 *   "Recent sign-ins" card both send this one document through Apollo.
 * Dependencies: apollo-angular (gql, typed documents).
 * Concepts: an auth event records one auth decision (sign-in, sign-out, revocation, ...);
 *   the connection is cursor-paginated, newest first (`after: pageInfo.endCursor` reads on);
 *   an administrator sees every user's events, anyone else only their own.
 */
import { gql } from 'apollo-angular';

/** Every AuthEventType of the schema, in the order the type filter offers them. */
export const AUTH_EVENT_TYPES = [
  'LOGIN_SUCCEEDED',
  'LOGIN_FAILED',
  'LOGIN_THROTTLED',
  'LOGOUT',
  'SESSION_REVOKED',
  'SESSION_EVICTED',
  'SESSION_EXPIRED',
  'REFRESH_REUSE_DETECTED',
  'PASSWORD_CHANGED',
  'PASSWORD_RESET',
  'SETUP_COMPLETED',
] as const;

export type AuthEventType = (typeof AUTH_EVENT_TYPES)[number];
export type AuthEventOutcome = 'SUCCESS' | 'FAILURE';

/** The sign-in attempts, as the "Recent sign-ins" card asks for them. */
export const SIGN_IN_EVENT_TYPES: readonly AuthEventType[] = [
  'LOGIN_SUCCEEDED',
  'LOGIN_FAILED',
  'LOGIN_THROTTLED',
];

export interface AuthEvent {
  readonly __typename?: 'AuthEvent';
  readonly id: string;
  /** ISO 8601 date-time (DateTimeISO). */
  readonly occurredAt: string;
  readonly type: AuthEventType;
  readonly outcome: AuthEventOutcome;
  /** Null when the email matched no user. */
  readonly userId: string | null;
  /** The user's email; for LOGIN_FAILED / LOGIN_THROTTLED the email that was tried. */
  readonly email: string | null;
  readonly ip: string | null;
  readonly userAgent: string | null;
  /** 1, or how many throttled attempts this row stands for. */
  readonly count: number;
  /** A short machine-readable reason, e.g. "signed_out_others". */
  readonly detail: string | null;
}

export interface AuthEventConnection {
  readonly edges: readonly { readonly cursor: string; readonly node: AuthEvent }[];
  readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
}

export interface AuthEventsData {
  readonly authEvents: AuthEventConnection;
}

export interface AuthEventsVariables {
  /** 1..100; the server's default is 20. */
  readonly first?: number;
  readonly after?: string | null;
  /** Only these types; absent or empty: all. */
  readonly types?: readonly AuthEventType[] | null;
  /** Only this user's events (anyone but an admin may pass only their own id). */
  readonly userId?: string | null;
}

export const AUTH_EVENTS_QUERY = gql<AuthEventsData, AuthEventsVariables>`
  query AuthEvents($first: Int, $after: String, $types: [AuthEventType!], $userId: ID) {
    authEvents(first: $first, after: $after, types: $types, userId: $userId) {
      edges {
        cursor
        node {
          id
          occurredAt
          type
          outcome
          userId
          email
          ip
          userAgent
          count
          detail
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;
