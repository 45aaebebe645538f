/**
 * A messaging operation failed. `retryable` says whether trying again later may succeed (NATS away, timeout,
 * no responders) or not (the input itself is wrong). `context` names what was attempted; never a secret.
 */
export class MessagingError extends Error {
  readonly retryable: boolean;

  constructor(
    message: string,
    readonly context: Readonly<Record<string, string | number | boolean | undefined>> = {},
    options: { cause?: unknown; retryable?: boolean } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'MessagingError';
    this.retryable = options.retryable ?? true;
  }
}

/** A JetStream publish did not get a PubAck (NATS unavailable, no stream, timeout). */
export class PublishError extends MessagingError {
  constructor(
    message: string,
    context: Readonly<Record<string, string | number | boolean | undefined>> = {},
    options: { cause?: unknown; retryable?: boolean } = {},
  ) {
    super(message, context, options);
    this.name = 'PublishError';
  }
}

export type RequestErrorCode = 'timeout' | 'no_responders' | 'unavailable' | 'bad_request' | 'failed';

/** A request got no usable reply: timed out, nobody listens, NATS unavailable, or the request was refused. */
export class RequestError extends MessagingError {
  constructor(
    message: string,
    readonly code: RequestErrorCode,
    context: Readonly<Record<string, string | number | boolean | undefined>> = {},
    options: { cause?: unknown; retryable?: boolean } = {},
  ) {
    super(message, { ...context, code }, options);
    this.name = 'RequestError';
  }
}
