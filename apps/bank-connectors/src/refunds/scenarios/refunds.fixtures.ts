import type { BankChannel } from '@pl/bank-protocol';
import type { Testbed } from '../../testing/testbed';

/** What the sandbox bank recorded for refunds on a channel (one row per idempotency key). */
export async function bankRefunds(bed: Testbed, channel: BankChannel): Promise<{ refundId: string; merchantOrderNo: string; idempotencyKey: string; amountMinor: string; outcome: string }[]> {
  const res = await fetch(`${bed.sandbox.base}/sandbox/channels/${channel}/refunds`);
  return (await res.json()) as never;
}

/** A payment routed to `channel`, taken to settled by the bank through the connectors. */
export async function settledPayment(bed: Testbed, channel: BankChannel, amountMinor = 10_000n): Promise<string> {
  const paymentId = await bed.routedPayment(channel, { amountMinor, quotedFeeMinor: 30n });
  await bed.waitForStatus(paymentId, 'settled');
  return paymentId;
}
