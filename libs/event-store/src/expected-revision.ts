import { canonicalJson } from './hash-chain';
import { WrongExpectedRevisionError, type EventData, type ExpectedRevision } from './port';

/**
 * The one check of an expected revision against a stream's current one (undefined: no stream),
 * shared by the adapters that enforce it themselves (memory, PostgreSQL).
 */
export function checkExpectedRevision(streamId: string, expected: ExpectedRevision, current: bigint | undefined): void {
  const ok =
    expected === 'any' ||
    (expected === 'no_stream' && current === undefined) ||
    (expected === 'stream_exists' && current !== undefined) ||
    (typeof expected === 'bigint' && current === expected);
  if (!ok) throw new WrongExpectedRevisionError(streamId, expected, current === undefined ? 'no_stream' : current);
}

/**
 * An append whose event id is already stored and which is not a retry of that very append
 * (see `isSameAppend`). Event ids are derived from their cause, so this means a message was
 * handled twice with a different outcome, or an id collided: never silently swallowed.
 */
export class DuplicateEventIdError extends Error {
  override readonly name = 'DuplicateEventIdError';
  constructor(
    readonly streamId: string,
    readonly eventIds: readonly string[],
  ) {
    super(`append to ${streamId}: event id(s) already stored by another append: ${eventIds.join(', ')}`);
  }
}

/** Where a retried append's events must already sit for the retry to count as the same append. */
export function firstRevisionOf(expected: ExpectedRevision): bigint | undefined {
  if (expected === 'no_stream') return 0n;
  if (typeof expected === 'bigint') return expected + 1n;
  return undefined; // 'any' / 'stream_exists': wherever the ids are, as long as they are consecutive
}

/**
 * Idempotent append, as in EventStoreDB but stricter: the very same events (ids AND content: type,
 * data, metadata) stored consecutively in this stream where the expected revision puts them. Same
 * ids with other content are a different decision that derived the same ids: not a retry.
 */
export function isSameAppend(
  streamId: string,
  events: readonly EventData[],
  expected: ExpectedRevision,
  stored: readonly (EventData & { readonly streamId: string; readonly revision: bigint })[],
): boolean {
  if (stored.length !== events.length || stored.length === 0) return false;
  const first = firstRevisionOf(expected) ?? stored[0]!.revision;
  const content = (e: EventData) => canonicalJson({ id: e.eventId, type: e.type, data: e.data, metadata: e.metadata });
  return stored.every((r, i) => r.streamId === streamId && r.revision === first + BigInt(i) && content(r) === content(events[i]!));
}
