import type { EventMetadata, JsonObject, RecordedEvent } from '../port';

export interface EventRow {
  tx: string;
  seq: string;
  stream_id: string;
  revision: string;
  event_id: string;
  type: string;
  data: JsonObject;
  metadata: EventMetadata;
  recorded_at: Date;
}

// Cast to text for exact bigint conversion. The aliases shadow the columns: ORDER BY must name es_events.<column>.
export const EVENT_COLUMNS = 'tx::text AS tx, seq::text AS seq, stream_id, revision::text AS revision, event_id, type, data, metadata, recorded_at';

/** int8 and xid8 come back as strings; they become bigint here, never a lossy number. */
export function toRecorded(row: EventRow): RecordedEvent {
  return {
    streamId: row.stream_id,
    revision: BigInt(row.revision),
    position: { commit: BigInt(row.tx), prepare: BigInt(row.seq) },
    eventId: row.event_id,
    type: row.type,
    data: row.data,
    metadata: row.metadata,
    recordedAt: row.recorded_at,
  };
}
