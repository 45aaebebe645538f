// Per-request state shared by the proxy's steps, and the ports the proxy reports through.
import type { UpstreamOutcomeSignal } from '@switchyard/contracts';
import type { UpstreamResponse } from '@switchyard/upstream-http';
import type { Endpoint, StreamUsagePlan } from '../providers';
import type { KeyRecord, RouteEntry } from '../mirror/mirror.types';
import type { ResolvedTarget } from '../routing/target.resolver';
import type { ParsedRequest } from './request-body.parser';
import type { RequestCancellation } from './request-cancellation';

export interface RequestContext {
  requestId: string;
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
