import { Logger } from '@nestjs/common';
import { paymentStreamId } from '@pl/domain';
import { unverifiedClientId } from '@pl/security';
import { problemBody, sendProblem, type BeforeRoutingHandler } from '@pl/service-kit';
import type { PaymentsInFlight } from './payments-in-flight';
import { overloaded, paymentIdFor } from './request-payment.handler';

/** While refusing, one log line at most this often, with the count since the last one. */
const REPORT_EVERY_MS = 10_000;

/**
 * Load shedding before a refusal costs more than its headers. While the pipeline is full, a new
 * `POST /v1/payments` is answered 503 here, on the HTTP server itself, before Fastify routes it,
 * before its trace span, and before its body is read, parsed and validated and its token verified:
 * at overload refusals outnumber acceptances twenty to one. Measured on the process's one thread:
 * the full path (body, zod, guard, exception filter) about twice what an Express middleware inside
 * the span cost, and that middleware twice what this costs (0.52–0.55 ms against 0.26 ms on one
 * machine; docs/benchmarks.md, "Refusals before the body" and "Refusals before Express"). Nothing
 * is written either way. (Those figures were taken when the services ran on Express; the order of
 * costs is the same on Fastify.)
 *
 * Refusals are not traced one by one (at 950 a second, spans would be load of their own): a warning
 * says how many were refused, at most every ten seconds while it lasts.
 *
 * Sent on to the full path, which decides as before (RequestPaymentHandler): requests without an
 * Idempotency-Key (they get their 400 there) and any request whose key, for the client its token
 * claims to be, names a payment still in flight: the retry of a request whose answer was lost is
 * answered with that payment once the token is verified. The claim is read unverified, which is
 * safe: a forged one only sends the request on to the verification. So while shedding, a request
 * with a bad token or a bad body gets 503 instead of 401 or 400; its retry gets the real answer.
 */
export function shedNewPayments(inFlight: PaymentsInFlight, logger = new Logger('intake')): BeforeRoutingHandler {
  let refused = 0;
  let reportedAt = 0;
  return (request, response) => {
    if (request.method !== 'POST' || !isPaymentsCollection(request.url)) return false;
    const admission = inFlight.admits();
    if (admission.admitted) return false;
    const key = request.headers['idempotency-key'];
    if (typeof key !== 'string' || key === '') return false;
    // A key no payment in flight was requested with is a new request: refused without reading the
    // token or deriving the payment id (a third of this check's cost). A key in use may be a retry.
    if (inFlight.hasKey(key)) {
      const clientId = unverifiedClientId(request.headers['authorization']);
      if (clientId !== undefined && inFlight.has(paymentStreamId(paymentIdFor(clientId, key)))) return false;
    }
    const refusal = overloaded(inFlight, admission.inFlight);
    sendProblem(response, problemBody(refusal), refusal.headers);
    refused += 1;
    const now = Date.now();
    if (now - reportedAt >= REPORT_EVERY_MS) {
      logger.warn(`refused ${refused} new payment(s) with 503 since the last report: ${admission.inFlight} in flight, limit ${inFlight.limit}`);
      refused = 0;
      reportedAt = now;
    }
    return true;
  };
}

/** `/v1/payments`, as Fastify routes it here: with or without a trailing slash, with or without a query string. */
function isPaymentsCollection(url: string | undefined): boolean {
  const path = (url ?? '').split('?')[0]!;
  return path === '/v1/payments' || path === '/v1/payments/';
}
