import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { UpstreamOutcomeSignal } from '@switchyard/contracts';
import { HealthStore } from '@switchyard/pool-state';
import { LOGGER } from '@switchyard/service-kit';
import type { Logger } from '@switchyard/observability';
import { applyCheck, ejectionAllowance, type InstanceHealth, type Transition } from '../domain/instance-health.machine';
import { classifyKeyOutcome } from '../domain/outcome-classifier';
import { endCooldown } from '../domain/provider-key.cooldown';
import { EjectionSlotsStore } from '../ejection/ejection-slots.store';
import { DeploymentSettingsService } from '../pools/deployment-settings.service';
import type { MonitorKeys } from '../redis/monitor.keys';
import { MONITOR_KEYS, REDIS, type RedisClient } from '../redis/redis.tokens';
import { ReplicaRegistry } from '../sharding/replica-registry.service';
import { fromHealthRecord } from '../tracking/health-record.mapper';
import { HealthRecorder } from '../tracking/health-recorder.service';
import { PROVIDER_KEY_POLICY, providerPoolId, type ProviderKeyPolicy } from './provider-keys.tokens';

interface TrackedKey {
  keyId: string;
  providerId: string;
  health: InstanceHealth;
  /** A record exists in the health store. */
  stored: boolean;
}

const shardKey = (keyId: string) => `key:${keyId}`;

/**
 * SaaS provider keys, judged from the gateways' outcomes: a key failing at the threshold is cooled down (recorded
 * as ejected under the pool `provider:<id>`, with InstanceUnhealthy) while the provider's other keys keep
 * serving (the ejection cap applies per provider); when the cooldown ends it returns on probation
 * (InstanceHealthy) and the next outcome confirms it or cools it down again, for longer.
 */
@Injectable()
export class ProviderKeyMonitor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly keys = new Map<string, TrackedKey>();
  private readonly seen = new Map<string, Set<string>>();
  private readonly announced = new Set<string>();
  private readonly queues = new Map<string, Promise<void>>();
  private timer?: NodeJS.Timeout;
  private ticks = 0;
  private stopped = false;

  constructor(
    private readonly store: HealthStore,
    private readonly slots: EjectionSlotsStore,
    private readonly recorder: HealthRecorder,
    private readonly replicas: ReplicaRegistry,
    private readonly settings: DeploymentSettingsService,
    @Inject(PROVIDER_KEY_POLICY) private readonly policy: ProviderKeyPolicy,
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(MONITOR_KEYS) private readonly monitorKeys: MonitorKeys,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.replicas.onChange(() => void this.adopt());
    const tickMs = Math.max(50, Math.min(1_000, Math.floor(this.policy.baseEjectionMs / 10)));
    this.timer = setInterval(() => void this.tick(), tickMs);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await Promise.allSettled([...this.queues.values()]);
  }

  /** A gateway's outcome that names a provider key. */
  applyOutcome(signal: UpstreamOutcomeSignal): void {
    const { providerId, providerKeyId: keyId } = signal;
    if (!providerId || !keyId) return;
    const seen = this.seen.get(providerId) ?? new Set<string>();
    if (seen.size < 1_000) seen.add(keyId);
    this.seen.set(providerId, seen);
    if (!this.replicas.owns(shardKey(keyId))) return;
    const result = classifyKeyOutcome(signal);
    if (!result) return;
    void this.enqueue(keyId, providerId, async (k) => {
      const size = this.poolSize(providerId);
      const pool = providerPoolId(providerId);
      const atThreshold = !result.ok && k.health.state !== 'ejected' && k.health.consecutiveFailures + 1 >= this.policy.failureThreshold;
      const ejected = atThreshold ? await this.slots.ejectedCount(pool) : 0;
      let { next, transition } = applyCheck(k.health, result, this.policy, { size, ejected });
      if (transition?.to === 'ejected' && !(await this.slots.claim(pool, keyId, ejectionAllowance(size, this.policy.maxEjectionShare)))) {
        ({ next, transition } = applyCheck(k.health, result, this.policy, { size, ejected: size }));
      }
      if (transition?.from === 'ejected') await this.slots.release(pool, keyId);
      // Record only what matters: every transition, and the first failures (not every success of a busy key).
      if (transition || !k.stored || next.consecutiveFailures !== k.health.consecutiveFailures) {
        await this.commit(k, next, transition);
      } else {
        k.health = next;
      }
    });
  }

  /** Keys currently tracked by this replica (for tests and the API). */
  tracked(): ReadonlyMap<string, TrackedKey> {
    return this.keys;
  }

  private poolSize(providerId: string): number {
    const known = this.settings.provider(providerId)?.keyIds.length ?? 0;
    return Math.max(1, known, this.seen.get(providerId)?.size ?? 0);
  }

  private async commit(k: TrackedKey, next: InstanceHealth, transition: Transition | undefined): Promise<void> {
    k.health = next;
    k.stored = true;
    if (!this.announced.has(k.providerId)) {
      await this.redis.sadd(this.monitorKeys.providers(), k.providerId);
      this.announced.add(k.providerId);
    }
    const workspaceId = this.settings.provider(k.providerId)?.workspaceId ?? '';
    await this.recorder.record({ health: next, transition, workspaceId, detectedBy: 'passive' });
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    if (++this.ticks % 20 === 0) await this.adopt();
    const now = Date.now();
    for (const k of this.keys.values()) {
      if (k.health.state !== 'ejected' || (k.health.ejectedUntil ?? 0) > now) continue;
      await this.enqueue(k.keyId, k.providerId, async (key) => {
        const { next, transition } = endCooldown(key.health, Date.now(), this.policy);
        if (!transition) return;
        await this.slots.release(providerPoolId(key.providerId), key.keyId);
        await this.commit(key, next, transition);
      });
    }
  }

  /** Takes over cooled-down keys this replica now owns (their cooldown must end even without traffic). */
  private async adopt(): Promise<void> {
    try {
      for (const id of [...this.keys.keys()]) if (!this.replicas.owns(shardKey(id))) this.keys.delete(id);
      for (const providerId of await this.redis.smembers(this.monitorKeys.providers())) {
        for (const record of await this.store.forDeployment(providerPoolId(providerId))) {
          if (record.state !== 'ejected' || this.keys.has(record.instanceId) || !this.replicas.owns(shardKey(record.instanceId))) continue;
          this.keys.set(record.instanceId, { keyId: record.instanceId, providerId, health: fromHealthRecord(record, record.instanceId, providerPoolId(providerId)), stored: true });
        }
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'could not adopt cooled-down provider keys');
    }
  }

  private enqueue(keyId: string, providerId: string, work: (k: TrackedKey) => Promise<void>): Promise<void> {
    const previous = this.queues.get(keyId) ?? Promise.resolve();
    const run = previous.then(async () => {
      if (this.stopped) return;
      let k = this.keys.get(keyId);
      if (!k || k.providerId !== providerId) {
        const record = await this.store.get(keyId);
        k = { keyId, providerId, health: fromHealthRecord(record, keyId, providerPoolId(providerId)), stored: record !== undefined };
        if (k.health.state === 'starting') k.health = { ...k.health, state: 'healthy' };
        if (this.keys.size < 100_000) this.keys.set(keyId, k);
      }
      await work(k);
    });
    const settled = run.catch((error: unknown) => this.logger.warn({ err: error, keyId }, 'provider key update failed'));
    this.queues.set(keyId, settled);
    void settled.then(() => {
      if (this.queues.get(keyId) === settled) this.queues.delete(keyId);
    });
    return settled;
  }
}
