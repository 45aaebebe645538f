import type { UpstreamOutcomeSignal } from '@switchyard/contracts';
import type { CheckResult } from './instance-health.machine';

/**
 * What a gateway's upstream outcome says about the instance's health. A 4xx (including 429: the engine is busy,
 * not broken) says nothing about it: undefined, the signal is ignored. Connection failures, timeouts, resets,
 * broken streams and 5xx count as failed checks.
 */
export function classifyInstanceOutcome(outcome: UpstreamOutcomeSignal): CheckResult | undefined {
  if (outcome.ok) return { ok: true, at: outcome.at, source: 'passive' };
  if (outcome.errorKind && outcome.errorKind !== 'status') return { ok: false, at: outcome.at, source: 'passive', reason: kindReason(outcome.errorKind) };
  if (outcome.status !== undefined && outcome.status >= 500) return { ok: false, at: outcome.at, source: 'passive', reason: `HTTP ${outcome.status}` };
  return undefined;
}

/**
 * What an outcome says about a SaaS provider key: rejected (401/403) and rate-limited (429) keys fail, as do
 * 5xx and transport failures; other 4xx are the request's fault, not the key's.
 */
export function classifyKeyOutcome(outcome: UpstreamOutcomeSignal): CheckResult | undefined {
  if (outcome.ok) return { ok: true, at: outcome.at, source: 'passive' };
  const status = outcome.status;
  if (status === 401 || status === 403) return { ok: false, at: outcome.at, source: 'passive', reason: `HTTP ${status}: key rejected` };
  if (status === 429) return { ok: false, at: outcome.at, source: 'passive', reason: 'HTTP 429: key rate-limited' };
  if (status !== undefined && status >= 500) return { ok: false, at: outcome.at, source: 'passive', reason: `HTTP ${status}` };
  if (outcome.errorKind && outcome.errorKind !== 'status') return { ok: false, at: outcome.at, source: 'passive', reason: kindReason(outcome.errorKind) };
  return undefined;
}

function kindReason(kind: NonNullable<UpstreamOutcomeSignal['errorKind']>): string {
  switch (kind) {
    case 'connect':
      return 'connection failed';
    case 'timeout':
      return 'timeout';
    case 'reset':
      return 'connection reset';
    case 'protocol':
      return 'malformed response';
    case 'status':
      return 'error status';
  }
}
