import { openApiDocument, problemResponse, requestJsonSchema } from '@pl/service-kit';
import { approvalSchema, refundRequestSchema } from '../refunds/refund-request.schema';

const json = (ref: string) => ({ 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } });
const uuidPath = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };

const refund = {
  type: 'object',
  required: ['id', 'paymentId', 'status', 'amount', 'currency', 'channel', 'reason', 'requestedBy', 'requestedAt', 'approvalsRequired', 'approvals', 'bank', 'failure', 'version'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    paymentId: { type: 'string', format: 'uuid' },
    status: {
      enum: ['awaiting_approval', 'approved', 'rejected', 'submitted', 'pending', 'succeeded', 'failed'],
      description:
        'approved: may go to the bank; submitted: recorded and sent, no bank answer yet; pending: the bank accepted it (bank.bankRefundId is set); succeeded: paid back; failed: declined or failed at the bank (the amount is refundable again); rejected: an approver said no',
    },
    amount: { type: 'string', pattern: '^[1-9][0-9]*$', description: 'minor units of the payment currency, as digits' },
    currency: { type: 'string', description: 'ISO 4217 code (always the payment’s)' },
    channel: { type: 'string', description: 'the channel the payment went through: the refund goes back the same way' },
    reason: { type: 'string' },
    requestedBy: { type: 'string' },
    requestedAt: { type: 'string', format: 'date-time' },
    approvalsRequired: { type: 'integer', description: '0 below the approval threshold, else 2 different approvers, neither the requester' },
    approvals: {
      type: 'array',
      items: {
        type: 'object',
        properties: { approverId: { type: 'string' }, decision: { enum: ['approve', 'reject'] }, note: { type: 'string' }, ip: { type: 'string' }, decidedAt: { type: 'string', format: 'date-time' } },
      },
    },
    bank: {
      oneOf: [
        { type: 'null' },
        { type: 'object', properties: { orderNo: { type: 'string' }, bankRefundId: { type: ['string', 'null'] }, submittedAt: { type: ['string', 'null'], format: 'date-time' } } },
      ],
    },
    failure: {
      oneOf: [{ type: 'null' }, { type: 'object', properties: { reason: { type: 'string' }, code: { type: ['string', 'null'] }, failedAt: { type: 'string', format: 'date-time' } } }],
    },
    version: { type: 'integer', description: 'the refund stream revision' },
  },
};

/**
 * The refunds service's OpenAPI 3.1 document. Request bodies are generated from the zod schemas the
 * API validates with; a test checks that every route Nest serves is documented and nothing else is.
 */
export function refundsOpenApiDocument() {
  return openApiDocument(
    { title: 'Payment ledger: refunds', description: 'Refunds of settled payments, back along their original route, with approvals above the threshold.' },
    { RefundRequest: requestJsonSchema(refundRequestSchema), Approval: requestJsonSchema(approvalSchema), Refund: refund },
    {
      '/v1/payments/{id}/refunds': {
        post: {
          operationId: 'requestRefund',
          summary: 'Refund part or all of a settled payment (idempotent on Idempotency-Key)',
          'x-scopes': ['refunds:write'],
          parameters: [uuidPath, { name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,255}$' } }],
          requestBody: { required: true, content: json('RefundRequest') },
          responses: {
            '201': { description: 'Requested (or the refund an earlier request with this key made: Idempotent-Replayed: true)', content: json('Refund') },
            '400': problemResponse('Invalid body, id or missing Idempotency-Key'),
            '401': problemResponse('No valid access token'),
            '403': problemResponse('The token lacks refunds:write'),
            '404': problemResponse('No such payment'),
            '409': problemResponse('Too many simultaneous changes to the payment: retry with the same key'),
            '422': problemResponse('A refund rule refused it (code: refund_exceeds_captured, single_refund_only, refund_window_closed, payment_not_settled...), or the key was used for another request'),
          },
        },
      },
      '/v1/refunds/{id}/approvals': {
        post: {
          operationId: 'decideRefund',
          summary: 'Approve or reject a refund awaiting approval (who, when and from which address are recorded)',
          'x-scopes': ['refunds:approve'],
          parameters: [uuidPath],
          requestBody: { required: true, content: json('Approval') },
          responses: {
            '201': { description: 'Recorded; the refund as it now stands', content: json('Refund') },
            '400': problemResponse('Invalid body or id'),
            '401': problemResponse('No valid access token'),
            '403': problemResponse('The token lacks refunds:approve'),
            '404': problemResponse('No such refund'),
            '422': problemResponse('Refused (code: self_approval, refund_not_awaiting_approval, approval_conflict)'),
          },
        },
      },
      '/v1/refunds/{id}': {
        get: {
          operationId: 'getRefund',
          summary: 'A refund, current from its stream',
          'x-scopes': ['refunds:read'],
          parameters: [uuidPath],
          responses: { '200': { description: 'The refund', content: json('Refund') }, '400': problemResponse('Invalid id'), '404': problemResponse('No such refund') },
        },
      },
    },
  );
}
