import type { Logger } from '@switchyard/observability';
import type { DesiredDeployment } from '../domain/desired-state';
import type { DesiredStateStore } from '../desired/desired-state.store';
import type { LeaderLoop } from './leadership.coordinator';

export interface PeriodicPassOptions {
  intervalMs: number;
  desired: DesiredStateStore;
  logger: Logger;
  /** Names the pass in the warning when one fails, e.g. "auto-scaling". */
  what: string;
  evaluate: (desired: DesiredDeployment) => Promise<void>;
}

/**
 * A leader loop that evaluates every desired deployment every `intervalMs`, one pass at a time (the next is
 * scheduled when the previous one ended); a failed pass is logged and the loop goes on. `stop()` waits for the
 * pass in progress.
 */
export class PeriodicDeploymentPass implements LeaderLoop {
  private timer?: NodeJS.Timeout;
  private running = false;
  private pass: Promise<void> = Promise.resolve();

  constructor(private readonly opts: PeriodicPassOptions) {}

  /** False when it was already running. */
  start(): boolean {
    if (this.running) return false;
    this.running = true;
    this.schedule();
    return true;
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    await this.pass;
  }

  private schedule(): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.pass = this.runPass().finally(() => this.schedule());
    }, this.opts.intervalMs);
  }

  private async runPass(): Promise<void> {
    try {
      const all = await this.opts.desired.all();
      await Promise.all([...all.values()].map((d) => this.opts.evaluate(d)));
    } catch (error) {
      this.opts.logger.warn({ err: (error as Error).message }, `${this.opts.what} pass failed`);
    }
  }
}
