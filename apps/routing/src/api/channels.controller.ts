import { Controller, Delete, Get, HttpCode, Inject, Param, Put, Query } from '@nestjs/common';
import { feeMethodKind, money, parseAmountMinor, type MethodKind } from '@pl/domain';
import { Principal, RequireScopes, type VerifiedPrincipal } from '@pl/security';
import { ZodBody, ZodValidationPipe } from '@pl/service-kit';
import { CATALOGUE, type Catalogue } from '../catalogue/catalogue';
import { ChannelStateBoard } from '../live/channel-state.board';
import { ChannelStatsBoard } from '../live/channel-stats.board';
import { channelView } from './channel-view';
import { channelsQuerySchema, maintenanceBodySchema, type ChannelsQuery, type MaintenanceBody } from './channels.schema';
import { MaintenanceHandler } from './maintenance.handler';

/** The scope an operator needs to take channels in and out of routing. */
export const CHANNELS_MANAGE_SCOPE = 'channels:manage';

@Controller('v1/channels')
export class ChannelsController {
  constructor(
    @Inject(CATALOGUE) private readonly catalogue: Catalogue,
    private readonly states: ChannelStateBoard,
    private readonly stats: ChannelStatsBoard,
    private readonly maintenance: MaintenanceHandler,
  ) {}

  /** Every channel: limits, regions, live statistics, circuit and maintenance, real effective rates for a reference payment. */
  @Get()
  @RequireScopes('payments:read')
  list(@Query(new ZodValidationPipe(channelsQuerySchema)) query: ChannelsQuery) {
    const reference = money(parseAmountMinor(query.amount), query.currency);
    const kinds: MethodKind[] | null =
      query.method === undefined
        ? null
        : query.method === 'card' || query.method === 'bank_account'
          ? [feeMethodKind(query.method, query.funding ? { funding: query.funding } : {})]
          : [query.method];
    return { channels: this.catalogue.map((c) => channelView(c, this.states.stateOf(c.code), this.stats.statsOf(c.code), reference, kinds)) };
  }

  @Put(':code/maintenance')
  @HttpCode(200)
  @RequireScopes(CHANNELS_MANAGE_SCOPE)
  startMaintenance(@Param('code') code: string, @ZodBody(maintenanceBodySchema) body: MaintenanceBody, @Principal() principal: VerifiedPrincipal) {
    return this.maintenance.start(code, body.reason, principal.subject);
  }

  @Delete(':code/maintenance')
  @HttpCode(200)
  @RequireScopes(CHANNELS_MANAGE_SCOPE)
  endMaintenance(@Param('code') code: string, @Principal() principal: VerifiedPrincipal) {
    return this.maintenance.end(code, principal.subject);
  }
}
