/**
 * Topic names for domain events. One topic per stream category, keyed by stream id, so one
 * aggregate's events keep their order and consumers subscribe to the categories they care about.
 */
export const PAYMENT_EVENTS_TOPIC = 'ledger.payment.events';
export const REFUND_EVENTS_TOPIC = 'ledger.refund.events';
export const BILL_EVENTS_TOPIC = 'ledger.bill.events';
export const CHANNEL_EVENTS_TOPIC = 'ledger.channel.events';

export const EVENT_TOPICS = [PAYMENT_EVENTS_TOPIC, REFUND_EVENTS_TOPIC, BILL_EVENTS_TOPIC, CHANNEL_EVENTS_TOPIC] as const;

/** The category of a stream: the prefix before the first '-' (`payment-<uuid>` → `payment`). */
export function streamCategory(streamId: string): string {
  const dash = streamId.indexOf('-');
  const category = dash === -1 ? streamId : streamId.slice(0, dash);
  // Kafka topic names allow [a-zA-Z0-9._-]; a stream id that breaks this is a programming error.
  if (!/^[A-Za-z0-9_]+$/.test(category)) throw new Error(`stream id ${JSON.stringify(streamId)} has no valid category`);
  return category;
}

/** `payment-<uuid>` → `ledger.payment.events`. */
export function topicForStream(streamId: string): string {
  return `ledger.${streamCategory(streamId)}.events`;
}
