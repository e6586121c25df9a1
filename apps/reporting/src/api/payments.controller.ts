import { Controller, Get, Header, Inject, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { paymentStreamId } from '@pl/domain';
import { verifyChain, type EventStore } from '@pl/event-store';
import { EVENT_STORE } from '@pl/runtime';
import { RequireScopes } from '@pl/security';
import { ProblemException, ZodValidationPipe } from '@pl/service-kit';
import { PaymentView } from '../read-model/payment-view.entity';
import { decodeCursor, encodeCursor, paymentListQuery, type PaymentListQuery } from './payment-list.query';
import { paymentResource } from './payment.resource';

export const paymentNotFound = (id: string) =>
  new ProblemException({ status: 404, type: 'not-found', title: 'Payment not found', detail: `no payment ${id} in the read model` });

@Controller('v1/payments')
export class PaymentsController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /** Payments newest first, filtered by status and request time, with keyset (cursor) pagination. */
  @Get()
  @RequireScopes('payments:read')
  async list(@Query(new ZodValidationPipe(paymentListQuery)) query: PaymentListQuery) {
    const limit = query.limit ?? 50;
    const q = this.dataSource.getRepository(PaymentView).createQueryBuilder('p');
    if (query.status) q.andWhere('p.status = :status', { status: query.status });
    if (query.from) q.andWhere('p.requested_at >= :from', { from: query.from });
    if (query.to) q.andWhere('p.requested_at < :to', { to: query.to });
    if (query.cursor) {
      const cursor = decodeCursor(query.cursor);
      q.andWhere('(p.requested_at, p.payment_id) < (:at, :id)', { at: cursor.requestedAt, id: cursor.id });
    }
    const rows = await q.orderBy('p.requested_at', 'DESC').addOrderBy('p.payment_id', 'DESC').limit(limit + 1).getMany();
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const hasMore = rows.length > limit;
    return {
      object: 'list' as const,
      data: page.map(paymentResource),
      hasMore,
      nextCursor: hasMore && last ? encodeCursor({ requestedAt: last.requestedAt.toISOString(), id: last.paymentId }) : null,
    };
  }

  /** The payment as projected; its ETag is the stream revision it reflects. */
  @Get(':id')
  @RequireScopes('payments:read')
  async get(@Param('id', ParseUUIDPipe) id: string, @Res({ passthrough: true }) res: FastifyReply) {
    const view = await this.dataSource.getRepository(PaymentView).findOneBy({ paymentId: id });
    if (!view) throw paymentNotFound(id);
    res.header('ETag', `"${view.version}"`);
    return paymentResource(view);
  }

  /** The payment's full history from the event store, with the hash chain checked: for auditors. */
  @Get(':id/events')
  @RequireScopes('audit:read')
  @Header('Cache-Control', 'no-store')
  async events(@Param('id', ParseUUIDPipe) id: string) {
    const events = await this.store.readStream(paymentStreamId(id));
    if (events.length === 0) throw paymentNotFound(id);
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
