import {
  positionFromString,
  positionToString,
  type EventMetadata,
  type JsonObject,
  type RecordedEvent,
} from '@pl/event-store';
import { PermanentError, type Message, type OutgoingMessage } from './port';

/** Headers every event message carries, so routers and DLQ tooling need not parse the value. */
export const EVENT_HEADERS = {
  eventId: 'event-id',
  eventType: 'event-type',
  traceparent: 'traceparent',
  tracestate: 'tracestate',
} as const;

/** The JSON value of an event message. bigint fields travel as strings: JSON has no 64-bit integers. */
export interface EventEnvelope {
  readonly eventId: string;
  readonly streamId: string;
  readonly revision: string;
  /** `commit/prepare`. */
  readonly position: string;
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata: EventMetadata;
  readonly recordedAt: string;
}

/** A recorded event as a bus message: keyed by stream id, so one stream stays on one partition. */
export function toBusMessage(recorded: RecordedEvent): OutgoingMessage {
  const envelope: EventEnvelope = {
    eventId: recorded.eventId,
    streamId: recorded.streamId,
    revision: recorded.revision.toString(),
    position: positionToString(recorded.position),
    type: recorded.type,
    data: recorded.data,
    metadata: recorded.metadata,
    recordedAt: recorded.recordedAt.toISOString(),
  };
  const headers: Record<string, string> = { [EVENT_HEADERS.eventId]: recorded.eventId, [EVENT_HEADERS.eventType]: recorded.type };
  if (recorded.metadata.traceparent) headers[EVENT_HEADERS.traceparent] = recorded.metadata.traceparent;
  if (recorded.metadata.tracestate) headers[EVENT_HEADERS.tracestate] = recorded.metadata.tracestate;
  return { key: recorded.streamId, value: JSON.stringify(envelope), headers };
}

/**
 * Parses and validates an event message. Malformed input can never succeed: `PermanentError` (→ DLQ).
 * A message the in-process bus shares among its groups is parsed once: the event is frozen (deeply)
 * and kept on the message for the other groups (every payment event reaches six groups in the
 * embedded platform). Handlers never change an event they are given; frozen, one that tried would fail.
 */
export function fromBusMessage(message: Pick<Message, 'value' | 'decoded'>): RecordedEvent {
  const decoded = message.decoded;
  if (decoded?.event !== undefined) return decoded.event as RecordedEvent;
  const event = parseEvent(message.value);
  if (decoded) decoded.event = deepFreeze(event);
  return event;
}

function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  for (const child of Object.values(value)) deepFreeze(child);
  return Object.freeze(value);
}

function parseEvent(value: string): RecordedEvent {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new PermanentError('event message: value is not JSON');
  }
  const v = record(parsed, 'value');
  const revision = str(v, 'revision');
  if (!/^\d+$/.test(revision)) throw new PermanentError(`event message: bad revision ${JSON.stringify(revision)}`);
  let position;
  try {
    position = positionFromString(str(v, 'position'));
  } catch {
    throw new PermanentError('event message: bad position');
  }
  const recordedAt = new Date(str(v, 'recordedAt'));
  if (Number.isNaN(recordedAt.getTime())) throw new PermanentError('event message: bad recordedAt');
  return {
    eventId: str(v, 'eventId'),
    streamId: str(v, 'streamId'),
    revision: BigInt(revision),
    position,
    type: str(v, 'type'),
    data: record(v['data'], 'data') as JsonObject,
    metadata: metadata(record(v['metadata'], 'metadata')),
    recordedAt,
  };
}

function metadata(m: Record<string, unknown>): EventMetadata {
  if (typeof m['schemaVersion'] !== 'number' || !Number.isInteger(m['schemaVersion'])) {
    throw new PermanentError('event message: metadata.schemaVersion must be an integer');
  }
  for (const field of ['correlationId', 'causationId', 'actor', 'occurredAt', 'prevHash', 'hash']) str(m, field, 'metadata.');
  for (const field of ['traceparent', 'tracestate']) {
    if (m[field] !== undefined && typeof m[field] !== 'string') throw new PermanentError(`event message: metadata.${field} must be a string`);
  }
  // Extra metadata fields are kept as they are: newer writers may add some.
  return m as unknown as EventMetadata;
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new PermanentError(`event message: ${what} must be an object`);
  return value as Record<string, unknown>;
}

function str(o: Record<string, unknown>, field: string, prefix = ''): string {
  const value = o[field];
  if (typeof value !== 'string' || value === '') throw new PermanentError(`event message: ${prefix}${field} must be a non-empty string`);
  return value;
}
