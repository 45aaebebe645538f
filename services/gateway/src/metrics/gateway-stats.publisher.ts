// Publishes the GatewayStats signal (live counters for the dashboard) every interval.
import type { GatewayStatsSignal } from '@switchyard/contracts';
import type { GatewayMetrics } from './gateway.metrics';

export class GatewayStatsPublisher {
  private timer: NodeJS.Timeout | undefined;
  private last = Date.now();

  constructor(
    private readonly metrics: GatewayMetrics,
    private readonly publish: (signal: GatewayStatsSignal) => void,
    private readonly opts: { gatewayId: string; intervalMs: number; inFlight: () => number },
  ) {}

  start(): void {
    this.timer = setInterval(() => this.tick(), this.opts.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  tick(now = Date.now()): GatewayStatsSignal {
    const w = this.metrics.takeWindow();
    const signal: GatewayStatsSignal = {
      gatewayId: this.opts.gatewayId,
      at: now,
      windowSeconds: Math.max(0.001, (now - this.last) / 1000),
      requests: w.requests,
      errors: w.errors,
      inFlight: this.opts.inFlight(),
      promptTokens: w.promptTokens,
      completionTokens: w.completionTokens,
      p50Ms: w.p50Ms,
      p95Ms: w.p95Ms,
      byRoute: w.byRoute,
    };
    this.last = now;
    this.publish(signal);
    return signal;
  }
}
