import {
  ANY,
  NO_STREAM,
  STREAM_EXISTS,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type ResolvedEvent,
} from '@eventstore/db-client';
import type { EventMetadata, ExpectedRevision, JsonObject, RecordedEvent, StreamMetadata } from '../port';

export const toEsdbExpected = (e: ExpectedRevision): AppendExpectedRevision =>
  e === 'any' ? ANY : e === 'no_stream' ? NO_STREAM : e === 'stream_exists' ? STREAM_EXISTS : e;

export type EsdbEvent = NonNullable<ResolvedEvent['event']> | NonNullable<AllStreamResolvedEvent['event']>;

/** System events ($-prefixed types, $-prefixed streams such as $$metadata) are not part of our log. */
export const isOurs = (e: EsdbEvent): boolean => e.isJson && !e.type.startsWith('$') && !e.streamId.startsWith('$');

/** Our EventMetadata travels as the event's JSON metadata and comes back as written. */
export function toRecorded(e: EsdbEvent): RecordedEvent {
  if (!e.isJson) throw new Error(`event ${e.id} in ${e.streamId} is not JSON: not written through this port`);
  if (!e.position) throw new Error(`event ${e.id} in ${e.streamId} has no position`);
  return {
    streamId: e.streamId,
    revision: e.revision,
    position: { commit: e.position.commit, prepare: e.position.prepare },
    eventId: e.id,
    type: e.type,
    data: e.data as JsonObject,
    metadata: e.metadata as unknown as EventMetadata,
    recordedAt: e.created,
  };
}

/**
 * The port's stream metadata is nested under one custom key: at the top level, names such as
 * `maxAge`, `maxCount` or `acl` would be taken by the client for EventStoreDB's own retention and
 * access settings, and a caller's note could silently start deleting events.
 */
export const CUSTOM_METADATA_KEY = 'pl';

export const toEsdbStreamMetadata = (metadata: StreamMetadata): Record<string, unknown> => ({ [CUSTOM_METADATA_KEY]: metadata });

export function fromEsdbStreamMetadata(stored: Record<string | number, unknown> | undefined): StreamMetadata | undefined {
  const custom = stored?.[CUSTOM_METADATA_KEY];
  return custom !== null && typeof custom === 'object' && !Array.isArray(custom) ? (custom as StreamMetadata) : undefined;
}
