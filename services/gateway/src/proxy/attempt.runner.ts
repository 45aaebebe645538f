// Retries and failover: walk the route's plan, pick an instance or provider key, send; on a connection error,
// timeout, 5xx or 429 before anything reached the client, try another instance or target, within a bounded number
// of attempts and the retry budget. Every attempt's outcome is reported (passive health).
import type { RetryBudget } from '@switchyard/balancing';
import { UpstreamError, type UpstreamHttpClient } from '@switchyard/upstream-http';
import { ProviderError, UpstreamProtocolError, type OpenAiError } from '../providers';
import { GatewayErrors, GatewayError, fromOpenAiError } from '../errors/gateway.error';
import type { InFlightTracker } from '../routing/in-flight.tracker';
import type { ProviderCredentialsStore } from '../routing/provider-credentials.store';
import type { ResolvedTarget, TargetResolver } from '../routing/target.resolver';
import type { GatewayMetrics } from '../metrics/gateway.metrics';
import type { EstablishedUpstream, OutcomeReporter, RequestContext } from './proxy.types';

export interface AttemptOptions {
  maxAttempts: number;
  firstByteTimeoutMs: number;
  idleTimeoutMs: number;
  gatewayId: string;
  /** Largest non-streaming upstream body read. */
  maxResponseBytes: number;
  /** How long an instance that refused a connection is kept out locally. */
  suspectMs: number;
}

export type AttemptResult =
  | { kind: 'ok'; upstream: EstablishedUpstream }
  | { kind: 'error'; error: GatewayError }
  | { kind: 'cancelled' };

const MAX_ERROR_BODY = 64 * 1024;

/** An upstream transport failure as the client sees it: 504 for timeouts, 502 otherwise. */
export function clientErrorFor(e: UpstreamError, target: ResolvedTarget): GatewayError {
  const where = target.kind === 'deployment' ? `instance ${target.instanceId} of deployment ${target.name}` : `provider ${target.name}`;
  return e.kind === 'timeout' ? GatewayErrors.upstreamTimeout(`${e.message} (${where})`) : GatewayErrors.upstreamFailed(`${e.message} (${where})`);
}

/** Upstream 401/403 is the gateway's credential problem, not the client's: retry elsewhere, answer 502. */
export function mappedUpstreamError(mapped: OpenAiError, target: ResolvedTarget): GatewayError {
  if (mapped.status === 401 || mapped.status === 403) {
    return new GatewayError(502, 'upstream_error', 'upstream_auth_failed', `provider ${target.name} rejected the gateway's credentials`, null, true);
  }
  // An upstream 5xx is a bad gateway from the client's point of view (504 stays a timeout).
  if (mapped.status >= 500) {
    const status = mapped.status === 504 ? 504 : 502;
    return new GatewayError(status, status === 504 ? 'timeout_error' : 'upstream_error', mapped.code ?? 'upstream_error', `${target.name}: ${mapped.message}`, null, true);
  }
  return fromOpenAiError(mapped);
}

export class AttemptRunner {
  constructor(
    private readonly resolver: TargetResolver,
    private readonly http: UpstreamHttpClient,
    private readonly budget: RetryBudget,
    private readonly credentials: ProviderCredentialsStore,
    private readonly inFlight: InFlightTracker,
    private readonly outcomes: OutcomeReporter,
    private readonly metrics: GatewayMetrics,
    private readonly opts: AttemptOptions,
  ) {}

  async run(ctx: RequestContext, plan: readonly string[]): Promise<AttemptResult> {
    const tried = new Set<string>();
    let lastError: GatewayError | undefined;
    this.budget.recordRequest(Date.now());
    for (let i = 0; i < plan.length; i++) {
      const key = plan[i];
      // Every later target keeps one attempt in reserve, so failover across targets happens within the bound.
      const reserve = plan.length - 1 - i;
      let here = 0;
      while (ctx.attempts < this.opts.maxAttempts && (here === 0 || ctx.attempts < this.opts.maxAttempts - reserve)) {
        here++;
        if (ctx.abort.aborted) return { kind: 'cancelled' };
        const target = await this.resolver.resolve(key, { clientIp: ctx.clientIp, sessionKey: ctx.sessionKey, exclude: tried });
        if (!target) break;
        if (ctx.attempts > 0 && !this.budget.tryAcquireRetry(Date.now())) {
          return { kind: 'error', error: lastError ?? GatewayErrors.upstreamFailed('retry budget exhausted') };
        }
        ctx.attempts++;
        ctx.target = target;
        tried.add(target.instanceId);
        const result = await this.attempt(ctx, target);
        if (result.kind !== 'retry') return result;
        lastError = result.error;
        // A provider key that failed for its own reasons (auth, rate) is cooled; other failures move to the next target.
        if (target.kind === 'provider' && !result.keySpecific) break;
      }
      if (ctx.attempts >= this.opts.maxAttempts) break;
    }
    return { kind: 'error', error: lastError ?? this.resolverError(ctx) };
  }

  private resolverError(ctx: RequestContext): GatewayError {
    return ctx.route ? this.resolver.unavailableReason(ctx.route) : GatewayErrors.noTarget(ctx.parsed?.model ?? '');
  }

  private async attempt(
    ctx: RequestContext,
    target: ResolvedTarget,
  ): Promise<AttemptResult | { kind: 'retry'; error: GatewayError; keySpecific: boolean }> {
    const parsed = ctx.parsed;
    if (!parsed) return { kind: 'error', error: GatewayErrors.internal() };
    if (!target.adapter.supports(parsed.endpoint)) {
      return { kind: 'retry', error: GatewayErrors.invalidBody(`${target.name} does not support the ${parsed.endpoint} endpoint`), keySpecific: false };
    }
    let request;
    try {
      request = target.adapter.buildRequest(parsed.endpoint, parsed.body, target.target, target.credential, { stream: parsed.stream, requestId: ctx.requestId, rawBody: parsed.text });
    } catch (err) {
      if (err instanceof ProviderError) {
        const error = fromOpenAiError(err.toOpenAiError(), (err as { param?: string }).param ?? null);
        return err.retryable ? { kind: 'retry', error, keySpecific: false } : { kind: 'error', error };
      }
      throw err;
    }
    const started = performance.now();
    this.inFlight.acquire(target.instanceId);
    let established = false;
    try {
      const response = await this.http.request({
        instanceId: target.instanceId,
        url: request.url,
        method: 'POST',
        headers: request.headers,
        body: request.body,
        signal: ctx.abort,
        firstByteTimeoutMs: this.opts.firstByteTimeoutMs,
        idleTimeoutMs: this.opts.idleTimeoutMs,
      });
      if (response.status < 200 || response.status >= 300) {
        const text = await response.text(MAX_ERROR_BODY).catch(() => '');
        const mapped = target.adapter.mapUpstreamError(response.status, text, target.credential);
        const keySpecific = target.kind === 'provider' && (response.status === 401 || response.status === 403 || response.status === 429);
        if (keySpecific && target.providerKeyId) this.credentials.cooldown(target.providerKeyId);
        this.report(target, started, false, response.status, 'status');
        const error = mappedUpstreamError(mapped, target);
        return error.retryable || keySpecific ? { kind: 'retry', error, keySpecific } : { kind: 'error', error };
      }
      const upstream: EstablishedUpstream = { target, response, usagePlan: request.usagePlan };
      if (parsed.stream) {
        const chunks = response.chunks();
        const first = await chunks.next();
        upstream.chunks = chunks;
        upstream.firstChunk = first.done ? undefined : first.value;
      } else {
        upstream.bodyText = await response.text(this.opts.maxResponseBytes);
        try {
          upstream.bodyJson = JSON.parse(upstream.bodyText) as unknown;
        } catch {
          throw new UpstreamProtocolError(`${target.name} answered with a body that is not JSON`);
        }
      }
      this.report(target, started, true, response.status, undefined);
      established = true;
      if (parsed.stream) ctx.holding = target.instanceId;
      return { kind: 'ok', upstream };
    } catch (err) {
      if (ctx.abort.aborted) return { kind: 'cancelled' };
      if (err instanceof UpstreamError) {
        const kind = err.kind === 'aborted' ? 'reset' : err.kind;
        if (err.kind === 'connect') this.resolver.suspect(target, this.opts.suspectMs);
        this.report(target, started, false, err.status, kind);
        // Nothing reached the client yet: a body failure here is as retryable as a connect failure.
        return { kind: 'retry', error: clientErrorFor(err, target), keySpecific: false };
      }
      if (err instanceof UpstreamProtocolError) {
        this.report(target, started, false, undefined, 'protocol');
        return { kind: 'retry', error: fromOpenAiError(err.toOpenAiError()), keySpecific: false };
      }
      throw err;
    } finally {
      // A stream keeps its in-flight slot until the relay ends (released by the proxy service).
      if (!established || !parsed.stream) this.inFlight.release(target.instanceId);
    }
  }

  private report(
    target: ResolvedTarget,
    started: number,
    ok: boolean,
    status: number | undefined,
    errorKind: 'connect' | 'timeout' | 'reset' | 'status' | 'protocol' | undefined,
  ): void {
    this.metrics.attempt(target.deploymentId ?? target.providerId ?? '', target.instanceId, ok ? 'ok' : (errorKind ?? 'error'));
    this.outcomes.report({
      instanceId: target.instanceId,
      deploymentId: target.deploymentId,
      providerId: target.providerId,
      providerKeyId: target.providerKeyId,
      ok,
      status,
      latencyMs: Math.round(performance.now() - started),
      errorKind,
      gatewayId: this.opts.gatewayId,
      at: Date.now(),
    });
  }
}
