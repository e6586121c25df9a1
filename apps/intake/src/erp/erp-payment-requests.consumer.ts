import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SpanKind } from '@opentelemetry/api';
import { PermanentError, type MessageBus, type Subscription } from '@pl/messaging';
import { MESSAGE_BUS } from '@pl/runtime';
import { ProblemException } from '@pl/service-kit';
import { withSpan } from '@pl/telemetry';
import { RequestPaymentHandler } from '../payments/request-payment.handler';
import { ERP_PAYMENT_REQUESTS_TOPIC, parseErpPaymentRequest } from './erp-payment-request.message';

/**
 * The ERP/CRM topic: the same request as POST /v1/payments, with the same idempotency. A request
 * the API would answer with 4xx is dead-lettered with the reason (retrying cannot help); a 409
 * (the same key racing) and infrastructure errors are retried by the bus with backoff.
 */
@Injectable()
export class ErpPaymentRequestsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private subscription?: Subscription;
  private readonly log = new Logger('intake.erp');

  constructor(
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    private readonly requestPayment: RequestPaymentHandler,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.subscription = await this.bus.subscribe({
      groupId: 'intake.erp-payment-requests',
      topics: [ERP_PAYMENT_REQUESTS_TOPIC],
      handler: (message) =>
        withSpan('erp payment request', { parent: message.headers, kind: SpanKind.CONSUMER, service: 'intake' }, async () => {
          const request = parseErpPaymentRequest(message.value);
          try {
            const outcome = await this.requestPayment.handle(`erp:${request.source}`, request.requestId, request.payment);
            if (!outcome.replayed) this.log.log(`payment ${outcome.payment.id} requested by ${request.source} (${request.requestId})`);
          } catch (error) {
            if (error instanceof ProblemException && error.problem.status < 500 && error.problem.status !== 409) {
              throw new PermanentError(`${error.problem.title}: ${String(error.problem.detail ?? '')}`);
            }
            throw error;
          }
        }),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.stop();
  }
}
