import { Controller, Get, Param, ParseUUIDPipe, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { RequireScopes } from '@pl/security';
import { PaymentRefundView } from '../read-model/payment-refund-view.entity';
import { PaymentView } from '../read-model/payment-view.entity';
import { paymentRefundsResource } from './payment-refunds.resource';
import { paymentNotFound } from './payments.controller';

/**
 * A payment's refund history as projected. (Refunds are requested from the refunds service, which
 * owns POST on the same path; each service serves its own port.)
 */
@Controller('v1/payments')
export class PaymentRefundsController {
  constructor(private readonly dataSource: DataSource) {}

  /** The totals and the rows are read in one snapshot, so they always add up; the ETag is the payment's revision. */
  @Get(':id/refunds')
  @RequireScopes('refunds:read')
  async list(@Param('id', ParseUUIDPipe) id: string, @Res({ passthrough: true }) res: FastifyReply) {
    const { view, refunds } = await this.dataSource.transaction('REPEATABLE READ', async (m) => ({
      view: await m.findOneBy(PaymentView, { paymentId: id }),
      refunds: await m.find(PaymentRefundView, { where: { paymentId: id }, order: { reservedRevision: 'ASC' } }),
    }));
    if (!view) throw paymentNotFound(id);
    res.header('ETag', `"${view.version}"`);
    return paymentRefundsResource(view, refunds);
  }
}
