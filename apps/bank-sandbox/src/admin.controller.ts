import { Controller, Get, HttpCode, Inject, Param, Post, Put } from '@nestjs/common';
import type { BankChannel } from '@pl/bank-protocol';
import { Public } from '@pl/security';
import { ProblemException, ZodBody } from '@pl/service-kit';
import { BehaviourUpdateSchema, type BehaviourUpdate, type ChannelBehaviour } from './behaviour';
import { ChannelPipe } from './bank-signature.guard';
import type { ChannelStats } from './ledger';
import { SANDBOX_STATE, type SandboxState } from './sandbox-state';

/** A behaviour as shown to callers: secrets are never echoed (a demo screen may be shared). */
export type BehaviourView = Omit<ChannelBehaviour, 'secret' | 'previousSecret' | 'limitMinor'> & {
  readonly limitMinor: string | null;
  readonly rotating: boolean;
};

export interface SubmissionView {
  readonly paymentId: string;
  readonly idempotencyKey: string;
  readonly amountMinor: string;
  readonly currency: string;
  readonly outcome: 'authorized' | 'failed' | 'declined';
}

export interface RefundView {
  readonly refundId: string;
  readonly merchantOrderNo: string;
  readonly idempotencyKey: string;
  readonly amountMinor: string;
  readonly currency: string;
  /** 'succeeded' is money paid back (decided at acceptance, told after the processing time). */
  readonly outcome: 'succeeded' | 'failed' | 'declined';
}

export const viewOf = (b: ChannelBehaviour): BehaviourView => {
  const { secret: _secret, previousSecret, limitMinor, ...rest } = b;
  return { ...rest, limitMinor: limitMinor === null ? null : limitMinor.toString(), rotating: previousSecret !== null };
};

/**
 * Test and demo controls, unsigned. Registered only when the sandbox is started with admin enabled
 * (SANDBOX_ADMIN=1 or `admin: true`), so a shared sandbox cannot be reconfigured by anyone who finds it.
 */
// Development-only and unauthenticated by design: registered only when SANDBOX_ADMIN=1 (never by the
// embedded platform), so tests and demos can steer the simulated banks.
@Public()
@Controller('sandbox')
export class AdminController {
  constructor(@Inject(SANDBOX_STATE) private readonly state: SandboxState) {}

  @Put('channels/:channel')
  configure(@Param('channel', ChannelPipe) channel: BankChannel, @ZodBody(BehaviourUpdateSchema) body: BehaviourUpdate): BehaviourView {
    try {
      return viewOf(this.state.behaviours.update(channel, body));
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      throw new ProblemException({ status: 400, type: 'validation-error', title: 'Invalid request', detail: error.message });
    }
  }

  @Get('channels/:channel')
  behaviour(@Param('channel', ChannelPipe) channel: BankChannel): BehaviourView {
    return viewOf(this.state.behaviours.get(channel));
  }

  @Get('channels/:channel/stats')
  stats(@Param('channel', ChannelPipe) channel: BankChannel): ChannelStats {
    return { ...this.state.ledger.statsOf(channel) };
  }

  /**
   * What the bank recorded for each submission: one row per idempotency key (a retry is not a row).
   * `outcome` is the money that moved: 'authorized' is a charge. Tests count charges per payment here.
   */
  @Get('channels/:channel/payments')
  payments(@Param('channel', ChannelPipe) channel: BankChannel): SubmissionView[] {
    return this.state.ledger.paymentsOf(channel).map((r) => ({
      paymentId: r.submission.paymentId,
      idempotencyKey: r.submission.idempotencyKey,
      amountMinor: r.submission.amountMinor,
      currency: r.submission.currency,
      outcome: r.accepted ? r.accepted.outcome : 'declined',
    }));
  }

  /** What the bank recorded for each refund request: one row per idempotency key. Tests count paid refunds here. */
  @Get('channels/:channel/refunds')
  refunds(@Param('channel', ChannelPipe) channel: BankChannel): RefundView[] {
    return this.state.ledger.refundsOf(channel).map((r) => ({
      refundId: r.submission.refundId,
      merchantOrderNo: r.submission.merchantOrderNo,
      idempotencyKey: r.submission.idempotencyKey,
      amountMinor: r.submission.amountMinor,
      currency: r.submission.currency,
      outcome: r.accepted ? r.accepted.outcome : 'declined',
    }));
  }

  @Post('reset')
  @HttpCode(204)
  async reset(): Promise<void> {
    this.state.reset();
    await this.state.ledger.durable();
  }
}
