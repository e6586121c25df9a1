import { Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { RequireSignature } from '@pl/security';
import {
  PaymentSubmissionSchema,
  RefundSubmissionSchema,
  type BankChannel,
  type PaymentOrderStatus,
  type PaymentStatusAnswer,
  type PaymentSubmission,
  type PaymentSubmissionAnswer,
  type RefundOrderStatus,
  type RefundStatusAnswer,
  type RefundSubmission,
  type RefundSubmissionAnswer,
} from '@pl/bank-protocol';
import { ProblemException, ZodBody } from '@pl/service-kit';
import { paymentOrderStatus, paymentStatus, refundOrderStatus, refundStatus, submitPayment, submitRefund } from './bank';
import { BankSignatureGuard, ChannelPipe } from './bank-signature.guard';
import { SANDBOX_STATE, type SandboxState } from './sandbox-state';

const notFound = (what: string) => new ProblemException({ status: 404, type: 'not-found', title: 'Not Found', detail: `the bank knows no such ${what}` });

/**
 * The bank side of the wire protocol (@pl/bank-protocol). Every route obeys the channel's latency,
 * error and timeout settings, and answers 200 with the protocol's body (accepted and declined alike:
 * a decline is a business answer, not an HTTP error).
 */
@RequireSignature('bank-hmac-sha256', BankSignatureGuard)
@Controller('banks/:channel')
export class BankController {
  constructor(@Inject(SANDBOX_STATE) private readonly state: SandboxState) {}

  @Post('payments')
  @HttpCode(200)
  submitPayment(@Param('channel', ChannelPipe) channel: BankChannel, @ZodBody(PaymentSubmissionSchema) body: PaymentSubmission): Promise<PaymentSubmissionAnswer> {
    return this.state.withFaults(channel, () => submitPayment(this.state, channel, body));
  }

  @Get('payments/:bankRequestId')
  async paymentStatus(@Param('channel', ChannelPipe) channel: BankChannel, @Param('bankRequestId') id: string): Promise<PaymentStatusAnswer> {
    this.queried(channel);
    const answer = await this.state.withFaults(channel, () => paymentStatus(this.state, channel, id));
    if (!answer) throw notFound('payment');
    return answer;
  }

  /** By OUR order number (the submission's idempotency key): 404 means the bank never recorded it. */
  @Get('orders/:merchantOrderNo')
  async paymentOrderStatus(@Param('channel', ChannelPipe) channel: BankChannel, @Param('merchantOrderNo') orderNo: string): Promise<PaymentOrderStatus> {
    this.queried(channel);
    const answer = await this.state.withFaults(channel, () => paymentOrderStatus(this.state, channel, orderNo));
    if (!answer) throw notFound('order');
    return answer;
  }

  @Post('refunds')
  @HttpCode(200)
  submitRefund(@Param('channel', ChannelPipe) channel: BankChannel, @ZodBody(RefundSubmissionSchema) body: RefundSubmission): Promise<RefundSubmissionAnswer> {
    return this.state.withFaults(channel, () => submitRefund(this.state, channel, body));
  }

  @Get('refunds/:bankRefundId')
  async refundStatus(@Param('channel', ChannelPipe) channel: BankChannel, @Param('bankRefundId') id: string): Promise<RefundStatusAnswer> {
    this.queried(channel);
    const answer = await this.state.withFaults(channel, () => refundStatus(this.state, channel, id));
    if (!answer) throw notFound('refund');
    return answer;
  }

  /** By OUR refund order number (the refund's idempotency key): 404 means the bank never recorded it. */
  @Get('refund-orders/:merchantRefundNo')
  async refundOrderStatus(@Param('channel', ChannelPipe) channel: BankChannel, @Param('merchantRefundNo') refundNo: string): Promise<RefundOrderStatus> {
    this.queried(channel);
    const answer = await this.state.withFaults(channel, () => refundOrderStatus(this.state, channel, refundNo));
    if (!answer) throw notFound('refund order');
    return answer;
  }

  private queried(channel: BankChannel): void {
    this.state.ledger.statsOf(channel).statusQueries += 1;
  }

  /** For the connectors' probes: slow or failing exactly as the channel is configured, so breakers can be tested. */
  @Get('health')
  health(@Param('channel', ChannelPipe) channel: BankChannel): Promise<{ status: 'up'; channel: BankChannel }> {
    return this.state.withFaults(channel, () => ({ status: 'up' as const, channel }));
  }
}
