import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { PaymentCallbackSchema, RefundCallbackSchema, type PaymentCallback, type RefundCallback } from '@pl/bank-protocol';
import { RequireSignature } from '@pl/security';
import { ProblemException, ZodBody } from '@pl/service-kit';
import { BankOutcomes, type BankOutcome, type OutcomeResult } from '../payments/bank-outcomes';
import { refundOrderNumber } from '../refunds/refund-order-number';
import { RefundOutcomes, type RefundBankOutcome } from '../refunds/refund-outcomes';
import { CallbackSignatureGuard } from './callback-signature.guard';

/**
 * Where banks post the outcome of an accepted submission. Duplicates (same callbackId) derive the
 * same event ids and the decider returns [] for an outcome already recorded, so they have no second
 * effect. The answer is quick: the work is one stream read and at most one append.
 */
@RequireSignature('bank-hmac-sha256', CallbackSignatureGuard)
@Controller('callbacks')
export class CallbacksController {
  constructor(
    private readonly outcomes: BankOutcomes,
    private readonly refundOutcomes: RefundOutcomes,
  ) {}

  @Post(':channel')
  @HttpCode(200)
  async receive(@Param('channel') channel: string, @ZodBody(PaymentCallbackSchema) callback: PaymentCallback): Promise<{ received: true; result: OutcomeResult }> {
    if (!callback.merchantOrderNo.startsWith(`${callback.paymentId}:`)) {
      throw new ProblemException({ status: 422, type: 'callback-mismatch', title: 'Callback does not add up', detail: 'merchantOrderNo does not belong to paymentId' });
    }
    // The HTTP tracing middleware already spans this request; appended events carry its trace.
    const result = await this.outcomes.apply(channel, callback.merchantOrderNo, outcomeOf(callback), `callback:${callback.callbackId}`);
    return { received: true, result };
  }

  /** A refund's outcome, signed like a payment's; duplicates (same callbackId) have one effect. */
  @Post(':channel/refunds')
  @HttpCode(200)
  async receiveRefund(@Param('channel') channel: string, @ZodBody(RefundCallbackSchema) callback: RefundCallback): Promise<{ received: true; result: OutcomeResult }> {
    if (callback.merchantRefundNo !== refundOrderNumber(callback.refundId)) {
      throw new ProblemException({ status: 422, type: 'callback-mismatch', title: 'Callback does not add up', detail: 'merchantRefundNo does not belong to refundId' });
    }
    const result = await this.refundOutcomes.apply(channel, callback.merchantRefundNo, refundOutcomeOf(callback), `callback:${callback.callbackId}`);
    return { received: true, result };
  }
}

function refundOutcomeOf(callback: RefundCallback): RefundBankOutcome {
  return callback.status === 'succeeded'
    ? { status: 'succeeded', bankRefundId: callback.bankRefundId, at: callback.occurredAt }
    : { status: 'failed', reason: 'the bank reports the refund failed', code: null, bankRefundId: callback.bankRefundId, at: callback.occurredAt };
}

function outcomeOf(callback: PaymentCallback): BankOutcome {
  switch (callback.status) {
    case 'authorized':
      return { status: 'authorized', bankReference: callback.bankReference, at: callback.occurredAt };
    case 'declined':
      // Callbacks carry no decline code in this protocol version.
      return { status: 'declined', code: 'declined_by_bank', at: callback.occurredAt };
    case 'failed':
      return { status: 'failed', reason: 'the bank reports the payment failed', at: callback.occurredAt };
    default: {
      const _never: never = callback.status;
      return _never;
    }
  }
}
