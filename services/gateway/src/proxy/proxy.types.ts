// Per-request state shared by the proxy's steps, and the ports the proxy reports through.
import type { UpstreamOutcomeSignal } from '@switchyard/contracts';
import type { UpstreamResponse } from '@switchyard/upstream-http';
import type { Endpoint, StreamUsagePlan } from '../providers';
import type { KeyRecord, RouteEntry } from '../mirror/mirror.types';
import type { ResolvedTarget } from '../routing/target.resolver';
import type { ParsedRequest } from './request-body.parser';
import type { RequestCancellation } from './request-cancellation';

export interface RequestContext {
  /** What the client sees (x-request-id: its own when it sent a sane one), logs and the upstream header. */
  requestId: string;
  /**
   * The usage record's (and so the billing ledger's) key: always minted here. A client-chosen id is never the
   * ledger key, or a client replaying one x-request-id would be billed once for many requests.
   */
  usageId: string;
  endpoint: Endpoint;
  /** performance.now() at arrival. */
  startedAt: number;
  /** Date.now() at arrival. */
  startedWall: number;
  clientIp: string;
  /** Fires when the client goes away: cancels the upstream attempt. */
  abort: RequestCancellation;
  key?: KeyRecord;
  route?: RouteEntry;
  parsed?: ParsedRequest;
  sessionKey?: string;
  /** Estimated tokens counted against the key's tokens/min when admitted. */
  admittedTokens: number;
  attempts: number;
  /** The target of the last attempt. */
  target?: ResolvedTarget;
  ttftMs?: number;
  /** Instance whose in-flight slot a streaming response holds until the relay ends. */
  holding?: string;
}

/** A successful attempt: headers 2xx and, for a stream, the first chunk already read (nothing sent yet). */
export interface EstablishedUpstream {
  target: ResolvedTarget;
  response: UpstreamResponse;
  usagePlan: StreamUsagePlan;
  /** Non-streaming: the whole upstream body. */
  bodyText?: string;
  bodyJson?: unknown;
  /** Streaming: the chunks iterator and its first chunk (undefined when the stream was empty). */
  chunks?: AsyncIterator<Buffer>;
  firstChunk?: Buffer;
}

export interface OutcomeReporter {
  report(signal: UpstreamOutcomeSignal): void;
}

export const NO_OUTCOMES: OutcomeReporter = { report: () => undefined };
