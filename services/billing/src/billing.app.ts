import { Module, type DynamicModule } from '@nestjs/common';
import { BillingStore } from '@switchyard/billing-store';
import { Streams } from '@switchyard/contracts';
import { JetStreamServer, MessagingModule } from '@switchyard/messaging';
import type { Logger, Metrics } from '@switchyard/observability';
import { bootstrapService, ReadinessRegistry, ServiceKitModule, type RunningService } from '@switchyard/service-kit';
import { PrincipalResolver } from './auth/principal.resolver';
import { BILLING_CONFIG, type BillingConfig } from './billing.config';
import { BILLING_STORE } from './billing.tokens';
import { BudgetService } from './budgets/budget.service';
import { UsageIngestionService } from './ingestion/usage-ingestion.service';
import { GpuCostService } from './gpu/gpu-cost.service';
import { InstanceSpanConsumer } from './gpu/instance-span.consumer';
import { CatalogEventsController } from './prices/catalog-events.controller';
import { PriceBookService } from './prices/price-book.service';
import { ReportExceptionFilter } from './reports/report-exception.filter';
import { ReportsController } from './reports/reports.controller';

@Module({})
class BillingModule {
  static forRoot(config: BillingConfig, deps: { logger: Logger; metrics: Metrics }): DynamicModule {
    return {
      module: BillingModule,
      imports: [
        ServiceKitModule.forRoot({ service: 'billing', ...deps }),
        MessagingModule.forRoot({ service: 'billing', url: config.NATS_URL, namespace: config.NATS_NAMESPACE, streams: [Streams.Control] }),
      ],
      controllers: [ReportsController, CatalogEventsController],
      providers: [
        { provide: BILLING_CONFIG, useValue: config },
        {
          provide: BILLING_STORE,
          inject: [ReadinessRegistry],
          useFactory: async (readiness: ReadinessRegistry) => {
            const store = BillingStore.create({ databaseUrl: config.DATABASE_URL, schema: config.BILLING_SCHEMA });
            const migration = await store.migrate();
            for (const warning of migration.warnings) deps.logger.warn({ warning }, 'billing schema upgrade postponed');
            readiness.register({ name: 'postgres', check: () => store.ping() });
            return store;
          },
        },
        PriceBookService,
        BudgetService,
        UsageIngestionService,
        GpuCostService,
        InstanceSpanConsumer,
        PrincipalResolver,
        {
          provide: 'billing.store.closer',
          inject: [BILLING_STORE],
          useFactory: (store: BillingStore) => ({ onApplicationShutdown: () => store.close() }),
        },
      ],
    };
  }
}

/** Starts the billing service: usage stream -> ledger -> roll-ups, budgets, cost reports. */
export async function startBillingService(config: BillingConfig, opts: { exitOnError?: boolean } = {}): Promise<RunningService> {
  return bootstrapService({
    service: 'billing',
    config,
    port: config.PORT,
    exitOnError: opts.exitOnError,
    module: (deps) => BillingModule.forRoot(config, deps),
    configure: async (app, { logger }) => {
      app.useGlobalFilters(new ReportExceptionFilter(logger));
      // Every replica mirrors prices: an ephemeral consumer per process sees every catalogue event.
      app.connectMicroservice({
        strategy: new JetStreamServer({ url: config.NATS_URL, namespace: config.NATS_NAMESPACE, service: 'billing', logger }),
      });
      await app.startAllMicroservices();
    },
  });
}
