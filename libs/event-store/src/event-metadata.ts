import { createHash } from 'node:crypto';
import { computeEventHash, GENESIS_HASH } from './hash-chain';
import type { EventData, JsonObject } from './port';

/** A domain event before it is stored: what a decider returns. */
export interface DomainEvent {
  readonly type: string;
  readonly data: JsonObject;
  readonly schemaVersion?: number;
}

/** Who and what caused the events: one per handled message or request. */
export interface EventContext {
  readonly correlationId: string;
  readonly causationId: string;
  readonly actor: string;
  /** ISO 8601, passed in: no clock is read here. */
  readonly occurredAt: string;
  readonly traceparent?: string | undefined;
  readonly tracestate?: string | undefined;
}

/** The stream's last stored event, from which the chain continues. */
export interface ChainHead {
  readonly revision: bigint;
  readonly hash: string;
}

/** The ledger's fixed UUID namespace: changing it would change every derived id. */
export const EVENT_ID_NAMESPACE = '6c1f0f64-c2f8-4a4c-9a2b-4d2f7e0b9a11';

/** An RFC 9562 version-5 (name-based, SHA-1) UUID: the same name always gives the same id. */
export function deterministicUuid(name: string, namespace: string = EVENT_ID_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  if (ns.length !== 16) throw new Error(`not a UUID namespace: ${namespace}`);
  const bytes = createHash('sha1').update(ns).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * THE one place event metadata is built. Event ids derive from the cause, so handling the same
 * message twice yields the same ids; each event's hash chains to the one before it.
 */
export function buildEvents(streamId: string, head: ChainHead | undefined, events: readonly DomainEvent[], context: EventContext): EventData[] {
  let prevHash = head?.hash ?? GENESIS_HASH;
  let revision = head ? head.revision + 1n : 0n;
  return events.map((event, index) => {
    const eventId = deterministicUuid(`${streamId}:${context.causationId}:${index}:${event.type}`);
    const base = {
      schemaVersion: event.schemaVersion ?? 1,
      correlationId: context.correlationId,
      causationId: context.causationId,
      actor: context.actor,
      occurredAt: context.occurredAt,
      ...(context.traceparent ? { traceparent: context.traceparent } : {}),
      ...(context.tracestate ? { tracestate: context.tracestate } : {}),
      prevHash,
    };
    const hash = computeEventHash({ streamId, revision, eventId, type: event.type, data: event.data, metadata: base });
    prevHash = hash;
    revision += 1n;
    return { eventId, type: event.type, data: event.data, metadata: { ...base, hash } };
  });
}
