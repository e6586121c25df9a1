import { Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { Principal, RequireScopes, type VerifiedPrincipal } from '@pl/security';
import { ZodBody } from '@pl/service-kit';
import { reviewSchema, type ReviewBody } from './risk-api.schemas';
import { ReviewPaymentHandler, type ReviewOutcome } from './review-payment.handler';

/** Manual review: a person approves or rejects a payment the rules sent to review (or challenge). */
@Controller('v1/risk/reviews')
export class ReviewsController {
  constructor(private readonly review: ReviewPaymentHandler) {}

  @Post(':paymentId')
  @HttpCode(200)
  @RequireScopes('risk:review')
  decide(
    @Param('paymentId', ParseUUIDPipe) paymentId: string,
    @Principal() principal: VerifiedPrincipal,
    @ZodBody(reviewSchema) body: ReviewBody,
  ): Promise<ReviewOutcome> {
    return this.review.handle(paymentId, principal.subject, body);
  }
}
