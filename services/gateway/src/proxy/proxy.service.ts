// One client request end to end: auth, body, route, budget, rate limit, plan, attempts, response (JSON or SSE),
// then exactly one usage record, metrics and the rate limiter's token correction. No I/O on the happy path except
// the upstream call itself.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '@switchyard/observability';
import { translatesResponses, type Endpoint, type Usage } from '../providers';
import { authenticate } from '../auth/api-key.authenticator';
import { GatewayError, GatewayErrors } from '../errors/gateway.error';
import type { RegistryMirror } from '../mirror/registry.mirror';
import type { GatewayMetrics } from '../metrics/gateway.metrics';
import type { RequestLimiter } from '../limits/request-limiter';
import type { InFlightTracker } from '../routing/in-flight.tracker';
import { resolveRoute } from '../routing/route.resolver';
import type { TargetResolver } from '../routing/target.resolver';
import { estimatePromptTokens } from '../usage/token.estimator';
import { accountUsage, generatedText, generatedTextFromSse, NO_USAGE, type UsageCounts } from '../usage/usage.accounting';
import { buildUsageRecord, outcomeOf } from '../usage/usage-record.builder';
import type { UsageSink } from '../usage/usage.sink';
import type { AttemptRunner } from './attempt.runner';
import { parseRequestBody } from './request-body.parser';
import type { EstablishedUpstream, RequestContext } from './proxy.types';
import { writeError, writeJson } from './response.writer';
import { relayStream, type RelayResult } from './stream.relay';
import { RequestCancellation } from './request-cancellation';
import { ledgerIdFor } from '../http/request-id';

export interface ProxyOptions {
  gatewayId: string;
  /** Header carrying a sticky-session key when the deployment names none. */
  defaultSessionHeader: string;
}

export interface IncomingCall {
  requestId: string;
  headers: IncomingMessage['headers'];
  body: unknown;
  clientIp: string;
  res: ServerResponse;
}

interface Finish {
  status: number;
  errorCode?: string;
  cancelled: boolean;
  upstream?: EstablishedUpstream;
  reported?: Usage;
  completionText: string;
}

export class ProxyService {
  constructor(
    private readonly mirror: RegistryMirror,
    private readonly resolver: TargetResolver,
    private readonly runner: AttemptRunner,
    private readonly limiter: RequestLimiter,
    private readonly usage: UsageSink,
    private readonly metrics: GatewayMetrics,
    private readonly inFlight: InFlightTracker,
    private readonly logger: Logger,
    private readonly opts: ProxyOptions,
  ) {}

  async handle(endpoint: Endpoint, call: IncomingCall): Promise<void> {
    const ctx: RequestContext = {
      requestId: call.requestId,
      usageId: ledgerIdFor(call.requestId, call.headers['x-request-id']),
      endpoint,
      startedAt: performance.now(),
      startedWall: Date.now(),
      clientIp: call.clientIp,
      abort: new RequestCancellation(),
      admittedTokens: 0,
      attempts: 0,
    };
    const res = call.res;
    const onClose = () => {
      if (!res.writableFinished) ctx.abort.abort();
    };
    res.on('close', onClose);
    let finish: Finish = { status: 500, cancelled: false, completionText: '' };
    try {
      finish = await this.serve(ctx, call);
    } catch (err) {
      const error = err instanceof GatewayError ? err : this.unexpected(err, ctx);
      writeError(res, ctx.requestId, error);
      finish = { status: error.status, errorCode: error.code ?? undefined, cancelled: false, completionText: '' };
    } finally {
      res.off('close', onClose);
      if (ctx.holding) this.inFlight.release(ctx.holding);
      this.complete(ctx, finish);
    }
  }

  private async serve(ctx: RequestContext, call: IncomingCall): Promise<Finish> {
    const key = authenticate(call.headers.authorization, this.mirror, ctx.startedWall);
    ctx.key = key;
    const parsed = parseRequestBody(call.body as Buffer | string | undefined, ctx.endpoint);
    ctx.parsed = parsed;
    const route = resolveRoute(this.mirror, key, parsed.model);
    ctx.route = route;
    this.metrics.inFlight.inc(this.metrics.routeLabel(route.route.name));
    const exhausted = this.mirror.budgetExhausted(key, ctx.startedWall);
    if (exhausted) throw GatewayErrors.budgetExceeded(exhausted);
    if (key.rpmLimit !== null || key.tpmLimit !== null) {
      const estimate = estimatePromptTokens(parsed.endpoint, parsed.body) + (parsed.maxTokens ?? 0);
      const decision = this.limiter.check(key.id, { requestsPerMinute: key.rpmLimit, tokensPerMinute: key.tpmLimit }, estimate, ctx.startedWall);
      if (!decision.allowed) throw GatewayErrors.rateLimited(decision.reason ?? 'requests', decision.retryAfterSeconds);
      ctx.admittedTokens = estimate;
    }
    ctx.sessionKey = this.sessionKey(ctx, call.headers);
    const plan = this.resolver.plan(route);
    if (plan.length === 0) throw this.resolver.unavailableReason(route);

    const result = await this.runner.run(ctx, plan);
    if (result.kind === 'cancelled') return { status: 499, cancelled: true, completionText: '' };
    if (result.kind === 'error') throw result.error;
    const upstream = result.upstream;
    if (parsed.stream) {
      const relay: RelayResult = await relayStream(ctx, upstream, call.res);
      return {
        status: 200,
        cancelled: relay.outcome === 'cancelled',
        errorCode: relay.error?.code ?? (relay.outcome === 'error' ? 'upstream_error' : undefined),
        upstream,
        reported: relay.usage,
        completionText: relay.usage ? '' : generatedTextFromSse(relay.forwarded),
      };
    }
    return this.answerJson(ctx, upstream, call.res);
  }

  private answerJson(ctx: RequestContext, upstream: EstablishedUpstream, res: ServerResponse): Finish {
    const { adapter } = upstream.target;
    const endpoint = ctx.endpoint;
    const json = upstream.bodyJson;
    const reported = adapter.extractUsage(endpoint, json);
    let body = upstream.bodyText ?? '';
    let text = '';
    if (translatesResponses(adapter)) {
      const translated = adapter.translateResponse(endpoint, json);
      body = JSON.stringify(translated);
      if (!reported) text = generatedText(translated);
    } else if (!reported) {
      text = generatedText(json);
    }
    writeJson(res, ctx.requestId, 200, body);
    ctx.ttftMs = undefined;
    return { status: 200, cancelled: false, upstream, reported, completionText: text };
  }

  /** Sticky-session key: the session header a deployment of the route names (else the default), else `user`. */
  private sessionKey(ctx: RequestContext, headers: IncomingMessage['headers']): string | undefined {
    let name = this.opts.defaultSessionHeader;
    for (const t of ctx.route?.route.targets ?? []) {
      const header = t.deploymentId ? this.mirror.deployment(t.deploymentId)?.loadBalancer.sessionHeader : undefined;
      if (header) {
        name = header;
        break;
      }
    }
    const value = headers[name.toLowerCase()];
    const header = Array.isArray(value) ? value[0] : value;
    return header || ctx.parsed?.user;
  }

  private unexpected(err: unknown, ctx: RequestContext): GatewayError {
    this.logger.error({ requestId: ctx.requestId, err: err instanceof Error ? err.message : String(err) }, 'unexpected failure handling a request');
    return GatewayErrors.internal();
  }

  private complete(ctx: RequestContext, f: Finish): void {
    const parsed = ctx.parsed;
    const latencyMs = performance.now() - ctx.startedAt;
    let counts: UsageCounts = NO_USAGE;
    if (parsed) {
      counts = accountUsage({
        endpoint: parsed.endpoint,
        body: parsed.body,
        reported: f.reported,
        upstreamAccepted: f.upstream !== undefined,
        completionText: f.completionText,
      });
    }
    const target = ctx.target;
    const key = ctx.key;
    const statusCode = f.cancelled ? 0 : f.status;
    const route = ctx.route?.route.name ?? '';
    if (route) this.metrics.inFlight.dec(this.metrics.routeLabel(route));
    try {
      this.usage.send(
        buildUsageRecord({
          requestId: ctx.usageId,
          startedWall: ctx.startedWall,
          endpoint: ctx.endpoint,
          model: parsed?.model ?? '',
          workspaceId: key?.workspaceId,
          userId: key?.userId,
          apiKeyId: key?.id,
          routeName: ctx.route?.route.name,
          target: target
            ? {
                kind: target.kind,
                deploymentId: target.deploymentId,
                providerId: target.providerId,
                providerKeyId: target.providerKeyId,
                instanceId: target.instanceId,
                upstreamModel: target.target.upstreamModel,
              }
            : undefined,
          counts,
          latencyMs,
          ttftMs: ctx.ttftMs,
          statusCode,
          outcome: outcomeOf(statusCode, f.cancelled, ctx.attempts === 0),
          stream: parsed?.stream ?? false,
          attempts: ctx.attempts,
          gatewayId: this.opts.gatewayId,
          errorCode: f.errorCode,
        }),
      );
    } catch (err) {
      this.logger.warn({ requestId: ctx.requestId, usageId: ctx.usageId, err: err instanceof Error ? err.message : String(err) }, 'usage record not sent');
    }
    if (key && ctx.admittedTokens > 0) {
      const actual = counts.promptTokens + counts.completionTokens;
      if (actual !== ctx.admittedTokens) this.limiter.adjustTokens(key.id, actual - ctx.admittedTokens);
    }
    this.metrics.observe({
      route: route || 'unknown',
      deployment: target?.deploymentId ?? target?.providerId ?? '',
      instance: target?.instanceId ?? '',
      status: statusCode,
      errorCode: f.errorCode,
      latencyMs,
      ttftMs: ctx.ttftMs,
      promptTokens: counts.promptTokens,
      completionTokens: counts.completionTokens,
    });
  }
}
