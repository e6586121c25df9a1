import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Principal, RequireScopes, type VerifiedPrincipal } from '@pl/security';
import { ProblemException, requireIdempotencyKey, ZodValidationPipe } from '@pl/service-kit';
import { paymentRequestSchema, type PaymentRequestBody } from './payment-request.schema';
import { GetPaymentHandler } from './get-payment.handler';
import { RequestPaymentHandler } from './request-payment.handler';

@Controller('v1/payments')
export class PaymentsController {
  constructor(
    private readonly requestPayment: RequestPaymentHandler,
    private readonly getPayment: GetPaymentHandler,
  ) {}

  /** The payment from its stream; ETag = stream revision (If-None-Match with it is answered 304 by configureApp's hook). */
  @Get(':id')
  @RequireScopes('payments:read')
  async get(
    @Param('id', ParseUUIDPipe) id: string,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const found = await this.getPayment.handle(id);
    if (!found) {
      throw new ProblemException({ status: 404, type: 'not-found', title: 'Payment not found', detail: `no payment ${id}` });
    }
    res.header('ETag', `"${found.revision}"`);
    return found.payment;
  }

  @Post()
  @HttpCode(201)
  @RequireScopes('payments:write')
  async create(
    @Principal() principal: VerifiedPrincipal,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Body(new ZodValidationPipe(paymentRequestSchema)) body: PaymentRequestBody,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const outcome = await this.requestPayment.handle(principal.clientId, requireIdempotencyKey(idempotencyKey), body, true);
    res.header('Location', `/v1/payments/${outcome.payment.id}`);
    res.header('ETag', `"${outcome.revision}"`);
    if (outcome.replayed) res.header('Idempotent-Replayed', 'true');
    return outcome.payment;
  }
}
