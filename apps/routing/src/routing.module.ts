import { Module, type DynamicModule } from '@nestjs/common';
import { serviceImports, type Runtime } from '@pl/runtime';
import type { AuthOptions } from '@pl/security';
import { ChannelsController } from './api/channels.controller';
import { MaintenanceHandler } from './api/maintenance.handler';
import { QuoteController } from './api/quote.controller';
import { CATALOGUE, type Catalogue } from './catalogue/catalogue';
import { ChannelStateBoard } from './live/channel-state.board';
import { ChannelStatsBoard } from './live/channel-stats.board';
import { PaymentRouter } from './routing/payment-router';
import { RoutingConsumer } from './routing/routing.consumer';

/**
 * Routing: the channel catalogue, live channel state and statistics, fee quotes. Consumes approved
 * payments and failed attempts (→ PaymentRouted or PaymentExpired) and channel events; serves the
 * channel list, the maintenance switch and a ranking preview.
 */
@Module({})
export class RoutingModule {
  static forRoot(runtime: Runtime, auth: AuthOptions, catalogue: Catalogue): DynamicModule {
    return {
      module: RoutingModule,
      imports: serviceImports(runtime, auth, ['event-store', 'bus']),
      controllers: [ChannelsController, QuoteController],
      providers: [
        { provide: CATALOGUE, useValue: catalogue },
        ChannelStateBoard,
        ChannelStatsBoard,
        PaymentRouter,
        MaintenanceHandler,
        RoutingConsumer,
      ],
    };
  }
}
