import { Registry, collectDefaultMetrics, Counter, Histogram, Gauge } from 'prom-client';

export interface Metrics {
  readonly registry: Registry;
  counter<L extends string>(name: string, help: string, labelNames?: readonly L[]): Counter<L>;
  histogram<L extends string>(name: string, help: string, labelNames?: readonly L[], buckets?: number[]): Histogram<L>;
  gauge<L extends string>(name: string, help: string, labelNames?: readonly L[]): Gauge<L>;
  render(): Promise<string>;
  readonly contentType: string;
}

/** One prom-client registry per service, with process metrics and a `service` label on everything. */
export function createMetrics(service: string, options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'switchyard_' });
  const prefixed = (name: string) => (name.startsWith('switchyard_') ? name : `switchyard_${name}`);
  const existing = <T>(name: string) => registry.getSingleMetric(prefixed(name)) as T | undefined;
  return {
    registry,
    contentType: registry.contentType,
    counter: (name, help, labelNames = []) =>
      existing(name) ?? new Counter({ name: prefixed(name), help, labelNames: [...labelNames], registers: [registry] }),
    histogram: (name, help, labelNames = [], buckets) =>
      existing(name) ??
      new Histogram({ name: prefixed(name), help, labelNames: [...labelNames], registers: [registry], ...(buckets ? { buckets } : {}) }),
    gauge: (name, help, labelNames = []) =>
      existing(name) ?? new Gauge({ name: prefixed(name), help, labelNames: [...labelNames], registers: [registry] }),
    render: () => registry.metrics(),
  };
}
