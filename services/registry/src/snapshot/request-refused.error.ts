/** A NATS request the registry will not (or cannot yet) answer. The message is safe to send back. */
export class RequestRefusedError extends Error {
  constructor(
    readonly code: 'unauthorized' | 'bad_request' | 'not_found' | 'behind',
    message: string,
    readonly retryable = false,
    readonly context: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'RequestRefusedError';
  }
}
