// Prometheus metrics per route, deployment and instance, plus the rolling window behind the GatewayStats signal.
import type { Counter, Gauge, Histogram } from 'prom-client';
import type { Metrics } from '@switchyard/observability';

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

export interface RequestObservation {
  route: string;
  deployment: string;
  instance: string;
  status: number;
  errorCode: string | undefined;
  latencyMs: number;
  ttftMs: number | undefined;
  promptTokens: number;
  completionTokens: number;
}

export interface StatsWindow {
  requests: number;
  errors: number;
  promptTokens: number;
  completionTokens: number;
  p50Ms: number;
  p95Ms: number;
  byRoute: Record<string, { requests: number; errors: number }>;
}

const MAX_SAMPLES = 10_000;

/** Label objects of one route x deployment x instance, built once (no object spreads per request). */
interface LabelSet {
  base: { route: string; deployment: string; instance: string };
  byStatus: Map<number, { route: string; deployment: string; instance: string; status: string }>;
  prompt: { route: string; deployment: string; kind: string };
  completion: { route: string; deployment: string; kind: string };
}

/** Distinct label sets kept; beyond this the cache starts over (label values come from the registry, bounded). */
const MAX_LABEL_SETS = 4_096;

export class GatewayMetrics {
  readonly requests: Counter<'route' | 'deployment' | 'instance' | 'status'>;
  readonly errors: Counter<'route' | 'deployment' | 'instance' | 'code'>;
  readonly latency: Histogram<'route' | 'deployment' | 'instance'>;
  readonly ttft: Histogram<'route' | 'deployment' | 'instance'>;
  readonly tokens: Counter<'route' | 'deployment' | 'kind'>;
  readonly inFlight: Gauge<'route'>;
  readonly attempts: Counter<'deployment' | 'instance' | 'outcome'>;
  private window = GatewayMetrics.emptyWindow();
  private readonly labelSets = new Map<string, LabelSet>();
  private readonly routeLabels = new Map<string, { route: string }>();
  private readonly attemptLabelSets = new Map<string, { deployment: string; instance: string; outcome: string }>();
  private samples: number[] = [];

  constructor(metrics: Metrics) {
    this.requests = metrics.counter('gateway_requests_total', 'Client requests answered', ['route', 'deployment', 'instance', 'status']);
    this.errors = metrics.counter('gateway_errors_total', 'Client requests answered with an error', ['route', 'deployment', 'instance', 'code']);
    this.latency = metrics.histogram('gateway_request_duration_seconds', 'Time from request to the end of the response', ['route', 'deployment', 'instance'], LATENCY_BUCKETS);
    this.ttft = metrics.histogram('gateway_time_to_first_token_seconds', 'Time from request to the first streamed byte', ['route', 'deployment', 'instance'], LATENCY_BUCKETS);
    this.tokens = metrics.counter('gateway_tokens_total', 'Tokens metered', ['route', 'deployment', 'kind']);
    this.inFlight = metrics.gauge('gateway_in_flight_requests', 'Requests in flight', ['route']);
    this.attempts = metrics.counter('gateway_upstream_attempts_total', 'Upstream attempts by outcome', ['deployment', 'instance', 'outcome']);
  }

  static emptyWindow(): StatsWindow {
    return { requests: 0, errors: 0, promptTokens: 0, completionTokens: 0, p50Ms: 0, p95Ms: 0, byRoute: {} };
  }

  /** The `{ route }` label object of a route, built once. */
  routeLabel(route: string): { route: string } {
    let labels = this.routeLabels.get(route);
    if (!labels) {
      if (this.routeLabels.size >= MAX_LABEL_SETS) this.routeLabels.clear();
      labels = { route };
      this.routeLabels.set(route, labels);
    }
    return labels;
  }

  /** Counts one upstream attempt. */
  attempt(deployment: string, instance: string, outcome: string): void {
    const id = `${deployment}\u0000${instance}\u0000${outcome}`;
    let labels = this.attemptLabelSets.get(id);
    if (!labels) {
      if (this.attemptLabelSets.size >= MAX_LABEL_SETS) this.attemptLabelSets.clear();
      labels = { deployment, instance, outcome };
      this.attemptLabelSets.set(id, labels);
    }
    this.attempts.inc(labels);
  }

  observe(o: RequestObservation): void {
    const set = this.labelSet(o.route, o.deployment, o.instance);
    const labels = set.base;
    let withStatus = set.byStatus.get(o.status);
    if (!withStatus) {
      withStatus = { ...labels, status: String(o.status) };
      set.byStatus.set(o.status, withStatus);
    }
    this.requests.inc(withStatus);
    const failed = o.status >= 400 || o.errorCode !== undefined;
    if (failed) this.errors.inc({ ...labels, code: boundedCode(o.errorCode, o.status) });
    this.latency.observe(labels, o.latencyMs / 1000);
    if (o.ttftMs !== undefined) this.ttft.observe(labels, o.ttftMs / 1000);
    if (o.promptTokens > 0) this.tokens.inc(set.prompt, o.promptTokens);
    if (o.completionTokens > 0) this.tokens.inc(set.completion, o.completionTokens);

    const w = this.window;
    w.requests++;
    if (failed) w.errors++;
    w.promptTokens += o.promptTokens;
    w.completionTokens += o.completionTokens;
    const r = (w.byRoute[o.route] ??= { requests: 0, errors: 0 });
    r.requests++;
    if (failed) r.errors++;
    if (this.samples.length < MAX_SAMPLES) this.samples.push(o.latencyMs);
  }

  private labelSet(route: string, deployment: string, instance: string): LabelSet {
    const id = `${route}\u0000${deployment}\u0000${instance}`;
    let set = this.labelSets.get(id);
    if (!set) {
      if (this.labelSets.size >= MAX_LABEL_SETS) this.labelSets.clear();
      set = {
        base: { route, deployment, instance },
        byStatus: new Map(),
        prompt: { route, deployment, kind: 'prompt' },
        completion: { route, deployment, kind: 'completion' },
      };
      this.labelSets.set(id, set);
    }
    return set;
  }

  /** The counters since the last call, with latency percentiles; starts a new window. */
  takeWindow(): StatsWindow {
    const w = this.window;
    const sorted = this.samples.sort((a, b) => a - b);
    w.p50Ms = percentile(sorted, 0.5);
    w.p95Ms = percentile(sorted, 0.95);
    this.window = GatewayMetrics.emptyWindow();
    this.samples = [];
    return w;
  }
}

export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return Math.round(sorted[i] * 1000) / 1000;
}

/** Gateway error codes are a closed set; anything else (an upstream's own `code`) is labelled by status class. */
const KNOWN_CODES = /^(budget_exceeded|deployment_stopped|expired_api_key|internal_error|invalid_api_key|invalid_request|method_not_allowed|missing_api_key|model_not_allowed|model_not_found|no_healthy_instance|no_target_available|provider_unavailable|request_too_large|requests_per_minute_exceeded|revoked_api_key|tokens_per_minute_exceeded|upstream_error|upstream_timeout|workspace_disabled|gateway_starting|rate_limit_exceeded|client_closed)$/;

export function boundedCode(code: string | undefined, status: number): string {
  if (code && KNOWN_CODES.test(code)) return code;
  return `http_${Math.floor(status / 100)}xx`;
}
