import { Controller, Get, Header, Inject, Param, ParseUUIDPipe, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { paymentStreamId } from '@pl/domain';
import { verifyChain, type EventStore } from '@pl/event-store';
import { EVENT_STORE } from '@pl/runtime';
import { RequireScopes } from '@pl/security';
import { ProblemException } from '@pl/service-kit';
import { PaymentView } from '../read-model/payment-view.entity';
import { paymentResource } from './payment.resource';

const notFound = (id: string) =>
  new ProblemException({ status: 404, type: 'not-found', title: 'Payment not found', detail: `no payment ${id} in the read model` });

@Controller('v1/payments')
export class PaymentsController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /** The payment as projected; its ETag is the stream revision it reflects. */
  @Get(':id')
  @RequireScopes('payments:read')
  async get(@Param('id', ParseUUIDPipe) id: string, @Res({ passthrough: true }) res: Response) {
    const view = await this.dataSource.getRepository(PaymentView).findOneBy({ paymentId: id });
    if (!view) throw notFound(id);
    res.setHeader('ETag', `"${view.version}"`);
    return paymentResource(view);
  }

  /** The payment's full history from the event store, with the hash chain checked: for auditors. */
  @Get(':id/events')
  @RequireScopes('audit:read')
  @Header('Cache-Control', 'no-store')
  async events(@Param('id', ParseUUIDPipe) id: string) {
    const events = await this.store.readStream(paymentStreamId(id));
    if (events.length === 0) throw notFound(id);
    const chain = verifyChain(events);
    return {
      paymentId: id,
      chain: chain.ok ? { intact: true } : { intact: false, firstBadRevision: chain.revision.toString(), reason: chain.reason },
      events: events.map((e) => ({
        eventId: e.eventId,
        revision: e.revision.toString(),
        type: e.type,
        data: e.data,
        metadata: e.metadata,
        recordedAt: e.recordedAt.toISOString(),
      })),
    };
  }
}
