import { Module, type DynamicModule } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { serviceImports, type Runtime } from '@pl/runtime';
import type { AuthOptions } from '@pl/security';
import { LedgerController } from './api/ledger.controller';
import { PaymentRefundsController } from './api/payment-refunds.controller';
import { PaymentsController } from './api/payments.controller';
import { PaymentProjectionConsumer } from './projections/payment-projection.consumer';
import { PaymentProjector } from './projections/payment-projector';

@Module({})
export class ReportingModule {
  static forRoot(runtime: Runtime, readModel: DataSource, auth: AuthOptions): DynamicModule {
    return {
      module: ReportingModule,
      imports: serviceImports(runtime, auth, ['event-store', 'bus'], [
        { name: 'read-model', check: async () => void (await readModel.query('SELECT 1')) },
      ]),
      controllers: [PaymentsController, PaymentRefundsController, LedgerController],
      providers: [
        { provide: DataSource, useValue: readModel },
        { provide: PaymentProjector, useFactory: () => new PaymentProjector(readModel) },
        PaymentProjectionConsumer,
      ],
    };
  }
}
