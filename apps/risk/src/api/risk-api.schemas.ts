import { z } from 'zod';

/** A payer id as intake accepts it (trimmed, 1–128 characters), from a URL path segment. */
export const isPayerId = (value: string): boolean => value.length >= 1 && value.length <= 128 && value.trim() === value;

export const reviewSchema = z.strictObject({
  decision: z.enum(['approve', 'reject']),
  note: z.string().trim().min(1, { error: 'say why: the note is kept with the decision' }).max(1000),
});
export type ReviewBody = z.infer<typeof reviewSchema>;

export const listPayerSchema = z.strictObject({
  reason: z.string().trim().min(1, { error: 'say why the payer is listed' }).max(500),
});
export type ListPayerBody = z.infer<typeof listPayerSchema>;
