import { Module, type DynamicModule } from '@nestjs/common';
import { serviceImports, type Runtime } from '@pl/runtime';
import type { AuthOptions } from '@pl/security';
import { BankAdapters } from './bank/bank-adapters';
import { CallbackSignatureGuard } from './callbacks/callback-signature.guard';
import { CallbacksController } from './callbacks/callbacks.controller';
import { ChannelBreakers } from './circuit/channel-breakers';
import { ChannelHealthController } from './circuit/channel-health.controller';
import { ProbeScheduler } from './circuit/probe-scheduler';
import { CONNECTORS_CONFIG, type ConnectorsConfig } from './config';
import { BankOutcomes } from './payments/bank-outcomes';
import { CallbackUrls } from './payments/callback-urls';
import { ConnectorStore } from './payments/connector-store';
import { PaymentCommands } from './payments/payment-commands';
import { PaymentEventsConsumer } from './payments/payment-events.consumer';
import { Settlements } from './payments/settlements';
import { StatusPoller } from './payments/status-poller';
import { Submissions } from './payments/submissions';
import { RefundCommands } from './refunds/refund-commands';
import { RefundEventsConsumer } from './refunds/refund-events.consumer';
import { RefundOutcomes } from './refunds/refund-outcomes';
import { RefundStatusChecks } from './refunds/refund-status-checks';
import { RefundSubmissions } from './refunds/refund-submissions';

/**
 * Bank connectors: one adapter per channel over signed HTTP, write-ahead submissions and refunds,
 * signed callbacks, status queries for late or lost callbacks, health probes and circuit breakers.
 */
@Module({})
export class BankConnectorsModule {
  static forRoot(runtime: Runtime, auth: AuthOptions, config: ConnectorsConfig): DynamicModule {
    return {
      module: BankConnectorsModule,
      imports: serviceImports(runtime, auth, ['event-store', 'bus']),
      controllers: [CallbacksController, ChannelHealthController],
      providers: [
        { provide: CONNECTORS_CONFIG, useValue: config },
        BankAdapters,
        ConnectorStore,
        PaymentCommands,
        BankOutcomes,
        CallbackUrls,
        ChannelBreakers,
        Submissions,
        Settlements,
        PaymentEventsConsumer,
        StatusPoller,
        RefundCommands,
        RefundOutcomes,
        RefundSubmissions,
        RefundStatusChecks,
        RefundEventsConsumer,
        ProbeScheduler,
        CallbackSignatureGuard,
      ],
    };
  }
}
