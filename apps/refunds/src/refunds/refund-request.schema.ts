import { z } from 'zod';


/** POST /v1/payments/:id/refunds. The currency is the payment's: a refund cannot change it. */
export const refundRequestSchema = z.strictObject({
  amount: z.string().regex(/^[1-9]\d{0,17}$/, 'must be a positive whole number of minor units as a string of digits, e.g. "5000"'),
  reason: z.string().trim().min(1).max(500),
});
export type RefundRequestBody = z.infer<typeof refundRequestSchema>;

/** POST /v1/refunds/:id/approvals. */
export const approvalSchema = z.strictObject({
  decision: z.enum(['approve', 'reject']),
  note: z.string().trim().max(500).default(''),
});
export type ApprovalBody = z.infer<typeof approvalSchema>;
