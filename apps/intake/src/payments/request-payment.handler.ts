import { Inject, Injectable } from '@nestjs/common';
import {
  DomainError,
  money,
  parseAmountMinor,
  paymentDecider,
  paymentStreamId,
  type PaymentRequested,
  type RequestPayment,
} from '@pl/domain';
import { buildEvents, deterministicUuid, WrongExpectedRevisionError, type EventStore, type RecordedEvent } from '@pl/event-store';
import { CLOCK, EVENT_STORE, type Clock } from '@pl/runtime';
import { ProblemException, type ProblemInit } from '@pl/service-kit';
import { traceCarrier } from '@pl/telemetry';
import type { PaymentRequestBody } from './payment-request.schema';
import { PaymentsInFlight } from './payments-in-flight';
import { differingFields, requestedPaymentResource, type PaymentResource } from './payment-response';

export interface RequestPaymentOutcome {
  readonly payment: PaymentResource;
  readonly revision: bigint;
  /** True when the key had been used before with the same body: the stored outcome is returned. */
  readonly replayed: boolean;
}

/** The payment a client's idempotency key names: the same key of the same client, the same payment. */
export const paymentIdFor = (clientId: string, idempotencyKey: string): string => deterministicUuid(`payment-request:${clientId}:${idempotencyKey}`);

/** The refusal while the pipeline is full (a 503 with Retry-After), from the handler or before it (shed-new-payments.ts). */
export function overloaded(inFlight: PaymentsInFlight, count: number): ProblemInit {
  return {
    status: 503,
    type: 'overloaded',
    title: 'Too many payments in progress',
    detail:
      `${inFlight.limit} payments are still being processed; this request was not processed and wrote nothing: ` +
      'retry it (same Idempotency-Key) after the Retry-After delay; if an earlier request with this key created a payment, the retry returns it',
    headers: { 'Retry-After': '1' },
    extra: { limit: inFlight.limit, inFlight: count },
  };
}

/**
 * Creates a payment stream, once per (client, idempotency key). The key maps to a deterministic
 * payment id, so the stream itself is the idempotency record: appended with expected revision
 * "no stream", a retry or a concurrent twin can never create a second payment.
 */
@Injectable()
export class RequestPaymentHandler {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly inFlight: PaymentsInFlight,
  ) {}

  /**
   * @param shed while the pipeline is full, refuse (503) all but the replay of a payment in flight: for HTTP callers, who retry.
   *   The ERP topic is not shed: its consumer simply takes the next request when this one is done.
   */
  async handle(clientId: string, idempotencyKey: string, body: PaymentRequestBody, shed = false): Promise<RequestPaymentOutcome> {
    try {
      return await this.request(clientId, idempotencyKey, body, shed);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      // A business rule said no: the caller can act on it, so it is a 422 with the rule's code.
      throw new ProblemException({
        status: 422,
        type: 'payment-rejected',
        title: 'Payment request rejected',
        detail: error.message,
        extra: { code: error.code, ...error.details },
      });
    }
  }

  private async request(clientId: string, idempotencyKey: string, body: PaymentRequestBody, shed: boolean): Promise<RequestPaymentOutcome> {
    const paymentId = paymentIdFor(clientId, idempotencyKey);
    const streamId = paymentStreamId(paymentId);
    const command = this.toCommand(paymentId, idempotencyKey, body);

    // While the pipeline is full, a request is refused before it costs a database round trip, unless
    // its key created a payment that is still in flight (the retry of a request whose answer was
    // lost): that one is answered with the stored outcome. Refusals outnumber acceptances many
    // times over at overload, so a read per refusal would take the capacity shedding is meant to
    // protect (docs/adr/0007). A replay of an older, finished payment gets the 503 too, and its
    // retry gets the stored outcome once there is room.
    const admission = shed ? this.inFlight.admits() : undefined;
    if (admission && !admission.admitted) {
      const existing = this.inFlight.has(streamId) ? await this.firstEvent(streamId) : undefined;
      if (existing) return this.replay(existing, command);
      throw new ProblemException(overloaded(this.inFlight, admission.inFlight));
    }

    // Create first, look second: the stream is the idempotency record, and "no stream" as the
    // expected revision makes the append itself the check. A new payment (the usual case) costs
    // one round trip; a key already used costs the failed append and a read of its first event.
    let decided;
    try {
      decided = paymentDecider.decide(command, paymentDecider.initialState());
    } catch (error) {
      // Refused by a rule now: if the key created a payment earlier, the stored outcome stands.
      const existing = await this.firstEvent(streamId);
      if (existing) return this.replay(existing, command);
      throw error;
    }
    const events = buildEvents(streamId, undefined, decided, {
      correlationId: paymentId,
      causationId: `request:${clientId}:${idempotencyKey}`,
      actor: `client:${clientId}`,
      occurredAt: command.data.requestedAt,
      ...traceCarrier(),
    });
    const first = events[0];
    if (!first) throw new Error(`RequestPayment decided nothing on a new stream ${streamId}`);
    try {
      const result = await this.store.append(streamId, events, { expectedRevision: 'no_stream' });
      const data = (first as unknown as PaymentRequested).data;
      return { payment: requestedPaymentResource(data, result.nextExpectedRevision), revision: result.nextExpectedRevision, replayed: false };
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
    }
    // The key was used before: answer with what that request recorded (or 422 if it differs).
    const existing = await this.firstEvent(streamId);
    if (existing) return this.replay(existing, command);
    // Not there after all (a store whose conflict and read disagree for a moment): like Stripe, 409,
    // and the retry (same key, same body) gets the stored outcome.
    throw new ProblemException({
      status: 409,
      type: 'idempotency-key-in-use',
      title: 'A request with this Idempotency-Key is in progress',
      detail: 'another request with the same Idempotency-Key was being processed at the same moment; retry with the same key to get its outcome',
    });
  }

  private async firstEvent(streamId: string): Promise<RecordedEvent | undefined> {
    return (await this.store.readStream(streamId, { maxCount: 1 }))[0];
  }

  private toCommand(paymentId: string, idempotencyKey: string, body: PaymentRequestBody): RequestPayment {
    return {
      type: 'RequestPayment',
      data: {
        paymentId,
        amount: money(parseAmountMinor(body.amount), body.currency),
        payerId: body.payer.id,
        payeeId: body.payee.id,
        method: body.method,
        orderReference: body.orderReference,
        metadata: body.metadata ?? {},
        idempotencyKey,
        requestedAt: this.clock.now().toISOString(),
      },
    };
  }

  private async replay(first: RecordedEvent, command: RequestPayment): Promise<RequestPaymentOutcome> {
    const stored = (first as unknown as PaymentRequested).data;
    // What this request would have recorded on a fresh stream, compared with what the first one did.
    const [wouldRecord] = paymentDecider.decide(command, paymentDecider.initialState());
    const differences = wouldRecord ? differingFields(stored, wouldRecord.data) : [];
    if (differences.length > 0) {
      throw new ProblemException({
        status: 422,
        type: 'idempotency-key-reused',
        title: 'Idempotency key reused with a different request',
        detail: `this Idempotency-Key was first used with another request; differing fields: ${differences.join(', ')}`,
        extra: { differingFields: differences },
      });
    }
    // The original outcome: the payment as it was created (revision 0), whatever happened since.
    return { payment: requestedPaymentResource(stored, 0n), revision: 0n, replayed: true };
  }
}
