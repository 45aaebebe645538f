import type { Logger } from '@switchyard/observability';
import type { RegistryFeed } from '../desired/registry-feed';
import type { Reconciler } from '../reconciler/reconciler';
import type { LeadershipListener } from './leader-election';

/** A loop that only the leader runs (rollouts, auto-scaling, overflow). */
export interface LeaderLoop {
  start(): void;
  stop(): Promise<void>;
}

/**
 * What winning and losing the election means: the winner merges a fresh registry snapshot (resuming from the
 * pool records and rollout rows it finds) and starts reconciling; the loser stops at once, and its drivers stop
 * what they had started.
 */
export class LeadershipCoordinator implements LeadershipListener {
  private resyncTimer?: NodeJS.Timeout;
  private leading = false;

  constructor(
    private readonly feed: RegistryFeed,
    private readonly reconciler: Reconciler,
    private readonly loops: readonly LeaderLoop[],
    private readonly resyncIntervalMs: number,
    private readonly logger: Logger,
  ) {}

  async elected(): Promise<void> {
    this.leading = true;
    this.failures = 0;
    await this.resync();
    if (!this.leading) return;
    this.reconciler.start();
    for (const loop of this.loops) loop.start();
  }

  async deposed(reason: string): Promise<void> {
    this.leading = false;
    if (this.resyncTimer) clearTimeout(this.resyncTimer);
    this.logger.warn({ reason }, 'no longer the scheduler leader: stopping work');
    for (const loop of this.loops) await loop.stop();
    await this.reconciler.stop();
  }

  private failures = 0;

  private async resync(): Promise<void> {
    let delay = this.resyncIntervalMs;
    try {
      await this.feed.resync();
      this.failures = 0;
    } catch (error) {
      // Retried soon, then less and less often; the mirrored desired state keeps the leader working meanwhile.
      delay = Math.min(this.resyncIntervalMs, 1_000 * 2 ** Math.min(this.failures, 6));
      if (this.failures === 0 || this.failures % 10 === 0) {
        this.logger.warn({ err: (error as Error).message, failures: this.failures + 1 }, 'registry snapshot unavailable; working from the mirrored desired state');
      }
      this.failures += 1;
    }
    if (!this.leading) return;
    this.resyncTimer = setTimeout(() => void this.resync(), delay);
    this.resyncTimer.unref();
  }
}
