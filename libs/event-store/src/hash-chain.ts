import { createHash } from 'node:crypto';
import type { EventMetadata, JsonValue, RecordedEvent } from './port';

/** The chain's first link: what revision 0 points back to. */
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with recursively sorted keys and no whitespace: one value, one encoding. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'bigint') throw new TypeError('canonicalJson: bigint is not JSON; encode it as a string');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export interface HashInput {
  readonly streamId: string;
  readonly revision: bigint;
  readonly eventId: string;
  readonly type: string;
  readonly data: JsonValue;
  readonly metadata: Omit<EventMetadata, 'hash'>;
}

/** SHA-256 over the canonical event; the revision is inside, so reordering breaks the chain too. */
export function computeEventHash(input: HashInput): string {
  const { hash: _ignored, ...metadata } = input.metadata as EventMetadata;
  const canonical = canonicalJson({
    streamId: input.streamId,
    revision: input.revision.toString(),
    eventId: input.eventId,
    type: input.type,
    data: input.data,
    metadata,
  });
  return createHash('sha256').update(canonical).digest('hex');
}

export type ChainVerdict = { ok: true; count: number } | { ok: false; revision: bigint; reason: string };

/** Walks a whole stream from revision 0: any edited, removed or reordered event is named. */
export function verifyChain(events: readonly RecordedEvent[]): ChainVerdict {
  let prevHash = GENESIS_HASH;
  let expectedRevision = 0n;
  for (const event of events) {
    if (event.revision !== expectedRevision) {
      return { ok: false, revision: expectedRevision, reason: `revision ${expectedRevision} is missing (found ${event.revision})` };
    }
    if (event.metadata.prevHash !== prevHash) {
      return { ok: false, revision: event.revision, reason: 'prevHash does not match the previous event: an event was removed or reordered' };
    }
    const hash = computeEventHash(event);
    if (hash !== event.metadata.hash) {
      return { ok: false, revision: event.revision, reason: 'hash does not match the event: its content was altered' };
    }
    prevHash = hash;
    expectedRevision += 1n;
  }
  return { ok: true, count: events.length };
}
