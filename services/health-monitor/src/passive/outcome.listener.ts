import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { METRICS } from '@switchyard/service-kit';
import type { Metrics } from '@switchyard/observability';
import { classifyInstanceOutcome } from '../domain/outcome-classifier';
import { ProviderKeyMonitor } from '../provider-keys/provider-key.monitor';
import { ReplicaRegistry } from '../sharding/replica-registry.service';
import { InstanceTracker } from '../tracking/instance-tracker.service';
import { parseOutcome } from './outcome-signal.schema';
import { OUTCOME_SOURCE, type OutcomeSource } from './outcome-source.port';

/**
 * Feeds the gateways' passive outcomes into health: an outcome naming a provider key goes to the key monitor,
 * any other to the instance's tracker, on the replica that owns it (every replica hears every signal).
 */
@Injectable()
export class OutcomeListener implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private unsubscribe?: () => void;
  private readonly received;

  constructor(
    @Inject(OUTCOME_SOURCE) private readonly source: OutcomeSource,
    private readonly tracker: InstanceTracker,
    private readonly keys: ProviderKeyMonitor,
    private readonly replicas: ReplicaRegistry,
    @Inject(METRICS) metrics: Metrics,
  ) {
    this.received = metrics.counter('health_passive_signals_total', 'Passive outcome signals received', ['result']);
  }

  onApplicationBootstrap(): void {
    this.unsubscribe = this.source.subscribe((payload) => this.handle(payload));
  }

  beforeApplicationShutdown(): void {
    this.unsubscribe?.();
  }

  handle(payload: unknown): void {
    const signal = parseOutcome(payload);
    if (!signal) {
      this.received.inc({ result: 'invalid' });
      return;
    }
    this.received.inc({ result: 'accepted' });
    if (signal.providerKeyId) {
      this.keys.applyOutcome(signal);
      return;
    }
    if (!this.replicas.owns(signal.instanceId)) return;
    const tracked = this.tracker.get(signal.instanceId);
    if (!tracked || (signal.deploymentId !== undefined && signal.deploymentId !== tracked.deploymentId)) return;
    const result = classifyInstanceOutcome(signal);
    if (result) void this.tracker.apply(signal.instanceId, result, signal.latencyMs);
  }
}
