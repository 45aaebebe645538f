// One UsageRecord per request, whatever happened: pure assembly from the request context and the counts.
import type { UsageOutcome, UsageRecordInput } from '@switchyard/contracts';
import type { Endpoint } from '../providers';
import type { UsageCounts } from './usage.accounting';

export interface UsageRecordFacts {
  requestId: string;
  startedWall: number;
  endpoint: Endpoint;
  /** The model the client asked for; '' when the body was unreadable. */
  model: string;
  workspaceId: string | undefined;
  userId: string | undefined;
  apiKeyId: string | undefined;
  routeName: string | undefined;
  target:
    | { kind: 'deployment' | 'provider'; deploymentId?: string; providerId?: string; providerKeyId?: string; instanceId: string; upstreamModel: string }
    | undefined;
  counts: UsageCounts;
  latencyMs: number;
  ttftMs: number | undefined;
  statusCode: number;
  outcome: UsageOutcome;
  stream: boolean;
  attempts: number;
  gatewayId: string;
  errorCode: string | undefined;
}

/** ISO time of the last millisecond asked for: requests of one millisecond share the string. */
let lastIsoMs = Number.NaN;
let lastIso = '';
function isoTime(ms: number): string {
  if (ms !== lastIsoMs) {
    lastIso = new Date(ms).toISOString();
    lastIsoMs = ms;
  }
  return lastIso;
}

export function buildUsageRecord(f: UsageRecordFacts): UsageRecordInput {
  const rec: UsageRecordInput = {
    requestId: f.requestId,
    time: isoTime(f.startedWall),
    workspaceId: f.workspaceId ?? '',
    route: f.routeName ?? f.model,
    model: f.model,
    endpoint: f.endpoint,
    promptTokens: f.counts.promptTokens,
    cachedPromptTokens: f.counts.cachedPromptTokens,
    completionTokens: f.counts.completionTokens,
    latencyMs: Math.max(0, Math.round(f.latencyMs)),
    statusCode: f.statusCode,
    outcome: f.outcome,
    estimated: f.counts.estimated,
    stream: f.stream,
    attempts: f.attempts,
    gatewayId: f.gatewayId,
  };
  if (f.userId) rec.userId = f.userId;
  if (f.apiKeyId) rec.apiKeyId = f.apiKeyId;
  if (f.ttftMs !== undefined) rec.ttftMs = Math.max(0, Math.round(f.ttftMs));
  if (f.errorCode) rec.errorCode = f.errorCode;
  const t = f.target;
  if (t) {
    rec.targetKind = t.kind;
    if (t.deploymentId) rec.deploymentId = t.deploymentId;
    if (t.providerId) rec.providerId = t.providerId;
    if (t.providerKeyId) rec.providerKeyId = t.providerKeyId;
    if (t.kind === 'deployment') rec.instanceId = t.instanceId;
    if (t.upstreamModel) rec.upstreamModel = t.upstreamModel;
  }
  return rec;
}

/** The usage outcome of a finished request. */
export function outcomeOf(statusCode: number, cancelled: boolean, rejectedBeforeUpstream: boolean): UsageOutcome {
  if (cancelled) return 'cancelled';
  if (statusCode < 400) return 'ok';
  return rejectedBeforeUpstream ? 'rejected' : 'error';
}
