import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { EventStore } from '@pl/event-store';
import { Inject } from '@nestjs/common';
import { EVENT_STORE } from '@pl/runtime';
import { Principal, RequireScopes, type VerifiedPrincipal } from '@pl/security';
import { ProblemException, requireIdempotencyKey, ZodValidationPipe } from '@pl/service-kit';
import { approvalSchema, refundRequestSchema, type ApprovalBody, type RefundRequestBody } from './refund-request.schema';
import { DecideApprovalHandler } from './decide-approval.handler';
import { RequestRefundHandler } from './request-refund.handler';
import { loadRefund, refundResource } from './refund-resource';

@Controller('v1')
export class RefundsController {
  constructor(
    private readonly requestRefund: RequestRefundHandler,
    private readonly decideApproval: DecideApprovalHandler,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Post('payments/:id/refunds')
  @HttpCode(201)
  @RequireScopes('refunds:write')
  async create(
    @Principal() principal: VerifiedPrincipal,
    @Param('id', ParseUUIDPipe) paymentId: string,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Body(new ZodValidationPipe(refundRequestSchema)) body: RefundRequestBody,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const outcome = await this.requestRefund.handle(principal.clientId, principal.subject, paymentId, requireIdempotencyKey(idempotencyKey), body);
    res.header('Location', `/v1/refunds/${outcome.refund.id}`);
    if (outcome.replayed) res.header('Idempotent-Replayed', 'true');
    return outcome.refund;
  }

  /** Approvers hold the 'refunds:approve' scope; the address is the connection's peer (behind a proxy, Fastify's trustProxy would be needed). */
  @Post('refunds/:id/approvals')
  @HttpCode(201)
  @RequireScopes('refunds:approve')
  async approve(
    @Principal() principal: VerifiedPrincipal,
    @Param('id', ParseUUIDPipe) refundId: string,
    @Body(new ZodValidationPipe(approvalSchema)) body: ApprovalBody,
    @Req() req: FastifyRequest,
  ) {
    return this.decideApproval.handle(refundId, principal.subject, req.ip ?? 'unknown', body);
  }

  @Get('refunds/:id')
  @RequireScopes('refunds:read')
  async get(@Param('id', ParseUUIDPipe) refundId: string) {
    const found = await loadRefund(this.store, refundId);
    if (!found) throw new ProblemException({ status: 404, type: 'not-found', title: 'Refund not found', detail: `no refund ${refundId}` });
    return refundResource(found.state, found.revision);
  }
}
