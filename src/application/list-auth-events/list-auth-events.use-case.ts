/**
 * Overview: ListAuthEvents: one page of the audit trail, newest first, for the signed-in caller.
 * Architecture: application use case; read-only.
 * Dependencies: Repositories (authEvents).
 * Concepts: who sees what is decided here: an administrator sees every event and may name any
 *   user; anyone else sees only their own, and naming another user is FORBIDDEN; paging is by an
 *   opaque cursor (the position of a page's last event), so events written meanwhile never shift
 *   a page: no gaps, no duplicates.
 */
import {
  ForbiddenError,
  ValidationError,
  type AuthEvent,
  type AuthEventPosition,
  type AuthEventType,
  type UserRole,
} from '../../domain/index.js';
import type { Repositories } from '../ports/unit-of-work.port.js';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface ListAuthEventsInput {
  /** The signed-in caller. */
  readonly caller: { readonly id: string; readonly role: UserRole };
  /** Page size, 1..100; default 20. */
  readonly first?: number | null;
  /** The cursor of the last event of the previous page. */
  readonly after?: string | null;
  /** Only these types (empty or absent: all). */
  readonly types?: readonly AuthEventType[] | null;
  /** Only this user's events (an administrator's choice; anyone else may name only themselves). */
  readonly userId?: string | null;
}

export interface AuthEventEdge {
  readonly cursor: string;
  readonly node: AuthEvent;
}

export interface AuthEventPage {
  readonly edges: readonly AuthEventEdge[];
  readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The opaque cursor of an event: its position, base64url-encoded. */
export function encodeCursor(position: AuthEventPosition): string {
  const json = JSON.stringify([position.occurredAt.toISOString(), position.id]);
  return btoa(json).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The position a cursor names, or null when it is not one of ours. */
export function decodeCursor(cursor: string): AuthEventPosition | null {
  try {
    const parsed: unknown = JSON.parse(atob(cursor.replace(/-/g, '+').replace(/_/g, '/')));
    if (!Array.isArray(parsed) || parsed.length !== 2) return null;
    const [at, id] = parsed as unknown[];
    if (typeof at !== 'string' || typeof id !== 'string' || !UUID.test(id)) return null;
    const occurredAt = new Date(at);
    if (Number.isNaN(occurredAt.getTime()) || occurredAt.toISOString() !== at) return null;
    return { occurredAt, id };
  } catch {
    return null;
  }
}

export class ListAuthEvents {
  constructor(private readonly repos: Repositories) {}

  async execute(input: ListAuthEventsInput): Promise<AuthEventPage> {
    const first = input.first ?? DEFAULT_PAGE_SIZE;
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE)
      throw new ValidationError([{ field: 'first', message: `must be from 1 to ${MAX_PAGE_SIZE}` }]);
    const after = input.after == null ? null : decodeCursor(input.after);
    if (input.after != null && after === null)
      throw new ValidationError([{ field: 'after', message: 'is not a cursor of this list' }]);
    const userId = this.visibleUser(input);

    const rows = await this.repos.authEvents.list({ limit: first + 1, after, types: input.types, userId });
    const page = rows.slice(0, first);
    const edges = page.map((node) => ({ cursor: encodeCursor(node), node }));
    return {
      edges,
      pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
    };
  }

  /** Whose events the caller gets: anyone's (null) or one user's. */
  private visibleUser({ caller, userId }: ListAuthEventsInput): string | null {
    if (caller.role === 'admin') return userId ?? null;
    if (userId != null && userId !== caller.id)
      throw new ForbiddenError('Only an administrator may see another user’s events.');
    return caller.id;
  }
}
