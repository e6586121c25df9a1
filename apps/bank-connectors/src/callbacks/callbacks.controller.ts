import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { PaymentCallbackSchema, type PaymentCallback } from '@pl/bank-protocol';
import { RequireSignature } from '@pl/security';
import { ProblemException, ZodBody } from '@pl/service-kit';
import { BankOutcomes, type BankOutcome, type OutcomeResult } from '../payments/bank-outcomes';
import { CallbackSignatureGuard } from './callback-signature.guard';

/**
 * Where banks post the outcome of an accepted submission. Duplicates (same callbackId) derive the
 * same event ids and the decider returns [] for an outcome already recorded, so they have no second
 * effect. The answer is quick: the work is one stream read and at most one append.
 */
@RequireSignature('bank-hmac-sha256', CallbackSignatureGuard)
@Controller('callbacks')
export class CallbacksController {
  constructor(private readonly outcomes: BankOutcomes) {}

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
