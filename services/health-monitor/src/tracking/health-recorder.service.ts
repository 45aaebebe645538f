import { Inject, Injectable } from '@nestjs/common';
import { HealthStore } from '@switchyard/pool-state';
import { LOGGER } from '@switchyard/service-kit';
import type { Logger, Metrics } from '@switchyard/observability';
import { METRICS } from '@switchyard/service-kit';
import type { InstanceHealth, Transition } from '../domain/instance-health.machine';
import type { WindowStats } from '../domain/latency-window';
import { HEALTH_EVENTS, type HealthEventSink } from '../events/health-events.port';
import { SHARDING_OPTIONS, type ShardingOptions } from '../sharding/sharding.tokens';
import { toHealthRecord } from './health-record.mapper';
import { TransitionHistoryStore } from './transition-history.store';

export interface Observation {
  health: InstanceHealth;
  transition?: Transition;
  stats?: WindowStats;
  workspaceId: string;
  detectedBy: 'active' | 'passive';
}

/**
 * The I/O shell behind every health decision: stores the record in Redis (what the gateway and scheduler read),
 * and for a transition appends it to the instance's history, publishes the durable event and the HealthChanged
 * signal. The record is the truth; an event that cannot be published is logged, never retried forever.
 */
@Injectable()
export class HealthRecorder {
  private readonly transitions;

  constructor(
    private readonly store: HealthStore,
    private readonly history: TransitionHistoryStore,
    @Inject(HEALTH_EVENTS) private readonly events: HealthEventSink,
    @Inject(SHARDING_OPTIONS) private readonly sharding: ShardingOptions,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS) metrics: Metrics,
  ) {
    this.transitions = metrics.counter('health_transitions_total', 'Instance health transitions', ['to']);
  }

  async record(observation: Observation): Promise<void> {
    const { health, transition } = observation;
    await this.store.write(toHealthRecord(health, observation.stats, Date.now()));
    if (!transition) return;
    this.transitions.inc({ to: transition.to });
    const log = transition.to === 'ejected' ? this.logger.warn.bind(this.logger) : this.logger.info.bind(this.logger);
    log({ instanceId: transition.instanceId, deploymentId: transition.deploymentId, from: transition.from, to: transition.to, reason: transition.reason }, 'instance health changed');
    const version = await this.history.append(transition, this.sharding.replicaId);
    this.events.healthChanged({ instanceId: health.instanceId, deploymentId: health.deploymentId, state: transition.to, previousState: transition.from, at: transition.at });
    const meta = { workspaceId: observation.workspaceId, aggregateId: health.instanceId, aggregateVersion: version, time: new Date(transition.at) };
    try {
      await this.publish(observation, transition, meta);
    } catch (error) {
      this.logger.warn({ err: error, instanceId: health.instanceId, to: transition.to }, 'health event not published; the Redis record and the signal carry the change');
    }
  }

  private async publish(observation: Observation, transition: Transition, meta: Parameters<HealthEventSink['publish']>[2]): Promise<void> {
    const { health, stats } = observation;
    switch (transition.to) {
      case 'ejected':
        return this.events.publish(
          'InstanceUnhealthy',
          {
            instanceId: health.instanceId,
            deploymentId: health.deploymentId,
            reason: transition.reason,
            consecutiveFailures: health.consecutiveFailures,
            detectedBy: observation.detectedBy,
            ejectedUntil: health.ejectedUntil === undefined ? null : new Date(health.ejectedUntil).toISOString(),
          },
          meta,
        );
      case 'healthy':
        return this.events.publish(
          'InstanceHealthy',
          { instanceId: health.instanceId, deploymentId: health.deploymentId, previousState: transition.from, consecutiveSuccesses: health.consecutiveSuccesses },
          meta,
        );
      case 'degraded':
        return this.events.publish(
          'InstanceDegraded',
          {
            instanceId: health.instanceId,
            deploymentId: health.deploymentId,
            reason: transition.reason,
            p95Ms: stats?.p95Ms === undefined ? null : Math.round(stats.p95Ms), // whole ms on the wire (uint32)
            errorRate: stats && stats.count > 0 ? Math.round(stats.errorRate * 10_000) / 10_000 : null,
          },
          meta,
        );
      case 'starting':
        return;
    }
  }
}
