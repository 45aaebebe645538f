import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { BillingStore } from '@switchyard/billing-store';
import { Subjects, type EventEnvelope } from '@switchyard/contracts';
import { JetStreamServer } from '@switchyard/messaging';
import type { Logger } from '@switchyard/observability';
import { LOGGER } from '@switchyard/service-kit';
import { BILLING_CONFIG, type BillingConfig } from '../billing.config';
import { BILLING_STORE } from '../billing.tokens';
import { PriceBookService } from '../prices/price-book.service';

/** The durable consumer's name: shared by billing replicas, so each instance event is recorded once. */
export const INSTANCE_SPAN_CONSUMER = 'billing-gpu';

/**
 * Records when each instance was registered (InstanceRegistered .. InstanceRemoved, or its deployment's
 * deletion) with its GPU count, for GPU-hour pricing. A durable consumer of its own, shared by the replicas, one
 * event at a time per replica, acked after the row is written; while PostgreSQL is away the events wait in the
 * stream (redelivered with back-off, not dead-lettered). A removal can still overtake its registration (a
 * redelivery, another replica): the store keeps it and closes the span when the registration comes.
 */
@Injectable()
export class InstanceSpanConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly server: JetStreamServer;
  private closed = false;

  constructor(
    @Inject(BILLING_STORE) private readonly store: BillingStore,
    private readonly prices: PriceBookService,
    @Inject(BILLING_CONFIG) config: BillingConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.server = new JetStreamServer({
      url: config.NATS_URL,
      namespace: config.NATS_NAMESPACE,
      service: 'billing',
      durable: INSTANCE_SPAN_CONSUMER,
      concurrency: 1,
      maxDeliver: 10_000,
      maxRetryDelayMs: 10_000,
      logger,
    });
    this.server.addHandler(Subjects.InstanceRegistered, (env: EventEnvelope<'InstanceRegistered'>) => this.registered(env), true);
    this.server.addHandler(Subjects.InstanceRemoved, (env: EventEnvelope<'InstanceRemoved'>) => this.removed(env), true);
    this.server.addHandler(Subjects.DeploymentDeleted, (env: EventEnvelope<'DeploymentDeleted'>) => this.deploymentDeleted(env), true);
  }

  onApplicationBootstrap(): void {
    this.listen(1_000);
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    await this.server.close();
  }

  /** Starts consuming; a failed start (NATS away at boot) is retried with back-off, reports work meanwhile. */
  private listen(delayMs: number): void {
    this.server.listen((err) => {
      if (!err || this.closed) return;
      this.logger.warn({ err: (err as Error).message, retryInMs: delayMs }, 'instance span consumer failed to start; retrying');
      setTimeout(() => this.listen(Math.min(delayMs * 2, 30_000)), delayMs).unref();
    });
  }

  private async registered(env: EventEnvelope<'InstanceRegistered'>): Promise<void> {
    await this.prices.whenLoaded();
    let deployment = this.prices.current.deployment(env.data.deploymentId);
    if (!deployment) {
      await this.prices.reload().catch(() => undefined); // created since the last snapshot
      deployment = this.prices.current.deployment(env.data.deploymentId);
    }
    await this.store.gpu.openSpan({
      instanceId: env.data.instanceId,
      deploymentId: env.data.deploymentId,
      workspaceId: env.workspaceId || deployment?.workspaceId || '',
      gpus: deployment?.gpuCount ?? 0,
      startedAt: new Date(env.time),
    });
  }

  private async removed(env: EventEnvelope<'InstanceRemoved'>): Promise<void> {
    await this.store.gpu.closeSpan(env.data.instanceId, new Date(env.time));
  }

  private async deploymentDeleted(env: EventEnvelope<'DeploymentDeleted'>): Promise<void> {
    await this.store.gpu.closeDeployment(env.data.deploymentId, new Date(env.time));
  }
}
