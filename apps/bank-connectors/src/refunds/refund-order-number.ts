/**
 * Our order number for a refund at the bank: `refund-<refundId>`. It is the refund's idempotency key
 * there: one refund is one order however often it is sent. A refund has no attempts: it goes back
 * along the payment's own route or not at all.
 */
const PREFIX = 'refund-';

export const refundOrderNumber = (refundId: string): string => `${PREFIX}${refundId}`;

export function parseRefundOrderNumber(orderNo: string): string | undefined {
  return orderNo.startsWith(PREFIX) && orderNo.length > PREFIX.length ? orderNo.slice(PREFIX.length) : undefined;
}
