import type { Counter, Gauge } from 'prom-client';
import type { Metrics } from '@switchyard/observability';

/** What the scheduler counts on /metrics (low-cardinality labels only). */
export interface SchedulerMetrics {
  leader: Gauge<string>;
  instancesStarted: Counter<'driver'>;
  instancesStopped: Counter<'driver'>;
  poolWrites: Counter<string>;
  scaleEvents: Counter<'reason'>;
}

export function createSchedulerMetrics(metrics: Metrics): SchedulerMetrics {
  return {
    leader: metrics.gauge('scheduler_leader', '1 while this replica is the scheduler leader'),
    instancesStarted: metrics.counter('scheduler_instances_started_total', 'Instances started by a runtime driver', ['driver']),
    instancesStopped: metrics.counter('scheduler_instances_stopped_total', 'Instances drained and stopped', ['driver']),
    poolWrites: metrics.counter('scheduler_pool_writes_total', 'Pool records written (fenced)'),
    scaleEvents: metrics.counter('scheduler_scale_decisions_total', 'Replica changes decided by the scheduler', ['reason']),
  };
}
