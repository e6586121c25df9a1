import { Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { explainRoute, money, parseAmountMinor, rankChannels, routablePayment } from '@pl/domain';
import { RequireScopes } from '@pl/security';
import { ZodBody } from '@pl/service-kit';
import { CATALOGUE, type Catalogue } from '../catalogue/catalogue';
import { ChannelStateBoard } from '../live/channel-state.board';
import { ChannelStatsBoard } from '../live/channel-stats.board';
import { quoteBodySchema, type QuoteBody } from './channels.schema';

/** Previews the ranking routing would make for a payment now: nothing is written. */
@Controller('v1/routing')
export class QuoteController {
  constructor(
    @Inject(CATALOGUE) private readonly catalogue: Catalogue,
    private readonly states: ChannelStateBoard,
    private readonly stats: ChannelStatsBoard,
  ) {}

  @Post('quote')
  @HttpCode(200)
  @RequireScopes('payments:read')
  quote(@ZodBody(quoteBodySchema) body: QuoteBody) {
    const payment = routablePayment(money(parseAmountMinor(body.amount), body.currency), body.method.type, body.metadata ?? {});
    const ranking = rankChannels({ catalogue: this.catalogue, payment, stats: this.stats.all(), states: this.states.all(), tried: body.tried ?? [] });
    return {
      methodKind: payment.methodKind,
      region: payment.region,
      candidates: ranking.candidates.map((c) => ({
        channel: c.channel,
        score: Number(c.score.toFixed(3)),
        feeMinor: c.feeMinor.toString(),
        effectiveRate: c.effectiveRateDisplay,
        reasons: c.reasons,
      })),
      excluded: ranking.excluded,
      why: explainRoute(ranking, 1),
    };
  }
}
