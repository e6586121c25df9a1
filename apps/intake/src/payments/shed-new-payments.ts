import { paymentStreamId } from '@pl/domain';
import { unverifiedClientId } from '@pl/security';
import { problemBody, sendProblem, type EarlyHandler } from '@pl/service-kit';
import type { PaymentsInFlight } from './payments-in-flight';
import { overloaded, paymentIdFor } from './request-payment.handler';

/**
 * Load shedding before a refusal costs more than its headers. While the pipeline is full, a new
 * `POST /v1/payments` is answered 503 here, inside its trace span but before its body is read,
 * parsed and validated and before its token is verified: at overload refusals outnumber acceptances
 * twenty to one, and the full path (body, zod, guard, exception filter) cost about 0.5 ms of the
 * process's one thread each, half of what the pipeline needed to catch up (docs/benchmarks.md,
 * "Refusals before the body"). Nothing is written either way.
 *
 * Sent on to the full path, which decides as before (RequestPaymentHandler): requests without an
 * Idempotency-Key (they get their 400 there) and any request whose key, for the client its token
 * claims to be, names a payment still in flight: the retry of a request whose answer was lost is
 * answered with that payment once the token is verified. The claim is read unverified, which is
 * safe: a forged one only sends the request on to the verification. So while shedding, a request
 * with a bad token or a bad body gets 503 instead of 401 or 400; its retry gets the real answer.
 */
export function shedNewPayments(inFlight: PaymentsInFlight): EarlyHandler {
  return (request, response, next) => {
    if (request.method !== 'POST' || !isPaymentsCollection(request.url)) return next();
    const admission = inFlight.admits();
    if (admission.admitted) return next();
    const key = request.headers['idempotency-key'];
    if (typeof key !== 'string' || key === '') return next();
    const clientId = unverifiedClientId(request.headers['authorization']);
    if (clientId !== undefined && inFlight.has(paymentStreamId(paymentIdFor(clientId, key)))) return next();
    const refusal = overloaded(inFlight, admission.inFlight);
    sendProblem(response, problemBody(refusal), refusal.headers);
  };
}

/** `/v1/payments`, as Express routes it: any case, a trailing slash, a query string. */
function isPaymentsCollection(url: string | undefined): boolean {
  const path = (url ?? '').split('?')[0]!.toLowerCase();
  return path === '/v1/payments' || path === '/v1/payments/';
}
