import { openApiDocument, problemResponse, requestJsonSchema } from '@pl/service-kit';
import { paymentRequestSchema } from '../payments/payment-request.schema';

const payment = {
  type: 'object',
  required: ['id', 'object', 'status', 'amount', 'currency', 'refunded', 'refundPending', 'refundable', 'payer', 'payee', 'method', 'orderReference', 'metadata', 'version', 'requestedAt', 'updatedAt'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    object: { const: 'payment' },
    status: { type: 'string', description: 'requested, then the lifecycle states' },
    amount: { type: 'string', pattern: '^[1-9][0-9]*$', description: 'minor units of the currency, as digits' },
    currency: { type: 'string', description: 'ISO 4217 code' },
    refunded: { type: 'string', pattern: '^(0|[1-9][0-9]*)$', description: 'minor units paid back by the bank' },
    refundPending: { type: 'string', pattern: '^(0|[1-9][0-9]*)$', description: 'minor units reserved for refunds under way' },
    refundable: { type: 'string', pattern: '^(0|[1-9][0-9]*)$', description: 'minor units that can still be refunded (0 unless settled)' },
    payer: { type: 'object', properties: { id: { type: 'string' } } },
    payee: { type: 'object', properties: { id: { type: 'string' } } },
    method: { type: 'object', properties: { type: { type: 'string' }, masked: { type: 'string' } } },
    orderReference: { type: 'string' },
    metadata: { type: 'object', additionalProperties: { type: 'string' } },
    version: { type: 'integer', description: 'the payment stream revision (also the ETag)' },
    requestedAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
};

/**
 * Intake's OpenAPI 3.1 document. Request bodies are generated from the zod schemas the API
 * validates with, and a test checks that every route Nest serves is documented and nothing else is.
 */
export function intakeOpenApiDocument() {
  return openApiDocument(
    { title: 'Payment ledger: intake', description: 'Payment requests from upstream ERP/CRM systems.' },
    { PaymentRequest: requestJsonSchema(paymentRequestSchema), Payment: payment },
    {
      '/v1/payments': {
        post: {
          operationId: 'requestPayment',
          summary: 'Request a payment (idempotent on Idempotency-Key)',
          'x-scopes': ['payments:write'],
          parameters: [{ name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,255}$' } }],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/PaymentRequest' } } } },
          responses: {
            '201': { description: 'Created, or the stored outcome of an earlier request with this key (Idempotent-Replayed: true)', content: { 'application/json': { schema: { $ref: '#/components/schemas/Payment' } } } },
            '400': problemResponse('Invalid body or missing Idempotency-Key'),
            '401': problemResponse('No valid access token'),
            '403': problemResponse('The token lacks payments:write'),
            '409': problemResponse('A request with this key is in progress: retry with the same key'),
            '422': problemResponse('The key was used with a different request, or a business rule refused it'),
            '503': {
              ...problemResponse('Too many payments in progress (INTAKE_MAX_PAYMENTS_IN_FLIGHT): this request wrote nothing; retry with the same key after Retry-After (a key that created a payment earlier then returns it)'),
              headers: { 'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer' } } },
            },
          },
        },
      },
      '/v1/payments/{id}': {
        get: {
          operationId: 'getPayment',
          summary: 'A payment, current from its stream',
          'x-scopes': ['payments:read'],
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
            { name: 'If-None-Match', in: 'header', required: false, schema: { type: 'string' } },
          ],
          responses: {
            '200': { description: 'The payment; ETag is its version', content: { 'application/json': { schema: { $ref: '#/components/schemas/Payment' } } } },
            '304': { description: 'Unchanged since the ETag sent' },
            '404': problemResponse('No such payment'),
          },
        },
      },
    },
  );
}
