/**
 * Our merchant order number for one routing attempt: `<paymentId>:<attempt>`. It is the bank-facing
 * idempotency key and the SubmitToBank bankRequestId, so every retry of one attempt is the same order
 * at the bank, and an answer (callback, status) always names the attempt it belongs to.
 */
export const orderNumber = (paymentId: string, attempt: number): string => `${paymentId}:${attempt}`;

export function parseOrderNumber(orderNo: string): { paymentId: string; attempt: number } | undefined {
  const colon = orderNo.lastIndexOf(':');
  const attempt = Number(orderNo.slice(colon + 1));
  if (colon <= 0 || !/^[1-9][0-9]{0,5}$/.test(orderNo.slice(colon + 1))) return undefined;
  return { paymentId: orderNo.slice(0, colon), attempt };
}
