/**
 * Bytes or values that do not satisfy a contract: garbage on the wire, a wrong event type, a missing required
 * field, a number out of range. Not retryable by default: the same input fails the same way (dead-letter it).
 */
export class ContractError extends Error {
  /** False unless the input came from a peer that said trying again may help (e.g. a retryable error reply). */
  readonly retryable: boolean;

  constructor(
    message: string,
    /** What was being decoded/encoded and where it failed, e.g. { contract: 'EventEnvelope', field: 'type' }. */
    readonly context: Readonly<Record<string, string | number | boolean | undefined>> = {},
    options: { cause?: unknown; retryable?: boolean } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ContractError';
    this.retryable = options.retryable ?? false;
  }
}
