export * from './port';
export { InProcessBus, type BusMark, type InProcessBusOptions } from './in-process-bus';
export { KafkaBus, type KafkaBusOptions } from './kafka/kafka-bus';
export { EVENT_HEADERS, fromBusMessage, toBusMessage, type EventEnvelope } from './envelope';
export {
  BILL_EVENTS_TOPIC,
  CHANNEL_EVENTS_TOPIC,
  EVENT_TOPICS,
  PAYMENT_EVENTS_TOPIC,
  REFUND_EVENTS_TOPIC,
  streamCategory,
  topicForStream,
} from './topics';
export { ensureProcessedMessagesSchema, markProcessed, processOnce } from './idempotent-consumer';
export { isPermanent } from './handle-with-retry';
export { MemoryCheckpointStore, type CheckpointStore } from './relay/checkpoint-store';
export { CheckpointsAfterHandling, type HandledWatermark } from './relay/checkpoints-after-handling';
export { PostgresCheckpointStore } from './relay/postgres-checkpoint-store';
export { Relay, type RelayOptions, type RelayStatus } from './relay/relay';
