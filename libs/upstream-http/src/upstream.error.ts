// The one error type every upstream failure becomes: which instance, what kind of failure, whether another
// attempt (another instance, key or provider) may succeed. Messages never carry request bodies or headers.
import type { UpstreamErrorKind } from '@switchyard/contracts';

/** contracts' kinds plus 'aborted': the caller (a disconnected client) cancelled the attempt. */
export type UpstreamFailureKind = UpstreamErrorKind | 'aborted';

export class UpstreamError extends Error {
  constructor(
    message: string,
    /** The instance (or provider key) the attempt went to. */
    readonly instanceId: string,
    readonly kind: UpstreamFailureKind,
    /** Upstream HTTP status when one arrived (kind 'status'), else undefined. */
    readonly status: number | undefined,
    /** True when nothing reached the client yet would make another attempt worthwhile. */
    readonly retryable: boolean,
    options: { cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'UpstreamError';
  }

  /** True for a connect, first-byte or idle timeout. */
  get isTimeout(): boolean {
    return this.kind === 'timeout';
  }
}

export function isUpstreamError(value: unknown): value is UpstreamError {
  return value instanceof UpstreamError;
}
