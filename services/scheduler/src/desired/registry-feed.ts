import type { AnyEventEnvelope, RegistrySnapshot } from '@switchyard/contracts';
import type { Logger } from '@switchyard/observability';
import { applyDeploymentEvent, mergeSnapshot } from '../domain/desired-state';
import type { DesiredStateStore } from './desired-state.store';

/**
 * Feeds the desired state from the registry: its snapshot (when this replica becomes the leader, and
 * periodically to repair anything missed) and its deployment events (whichever replica receives them).
 */
export class RegistryFeed {
  constructor(
    private readonly store: DesiredStateStore,
    private readonly fetchSnapshot: () => Promise<RegistrySnapshot>,
    private readonly logger: Logger,
    private readonly onChange: () => void = () => undefined,
  ) {}

  /** Merges a fresh snapshot. Throws when the registry cannot be asked (the caller retries). */
  async resync(): Promise<number> {
    const snapshot = await this.fetchSnapshot();
    const current = await this.store.all();
    const changed = mergeSnapshot(current, snapshot.deployments, snapshot.generatedAt);
    for (const next of changed) {
      await this.store.update(next.deploymentId, (now) => {
        if (now && Date.parse(now.updatedAt) > Date.parse(snapshot.generatedAt)) return undefined; // an event got in first
        return next;
      });
    }
    this.logger.info({ version: snapshot.version, deployments: snapshot.deployments.length, changed: changed.length }, 'registry snapshot merged');
    if (changed.length) this.onChange();
    return changed.length;
  }

  /** Applies one deployment event; idempotent (versions per source). */
  async apply(env: AnyEventEnvelope): Promise<void> {
    const data = env.data as { deploymentId?: unknown };
    const aggregateId = typeof data.deploymentId === 'string' && data.deploymentId ? data.deploymentId : env.aggregateId;
    let changed = false;
    await this.store.update(aggregateId, (current) => {
      const next = applyDeploymentEvent(current, env);
      changed = next !== undefined;
      return next;
    });
    if (changed) {
      this.logger.info({ type: env.type, deploymentId: aggregateId, eventId: env.id }, 'desired state changed');
      this.onChange();
    }
  }
}
