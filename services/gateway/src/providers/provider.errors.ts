// Errors raised by the pure provider code. Each carries the OpenAI-format error the gateway answers with.
import type { Endpoint, ProviderVendor } from './provider-adapter';
import type { OpenAiError, OpenAiErrorType } from './upstream-error.mapping';

export abstract class ProviderError extends Error {
  abstract readonly status: number;
  abstract readonly type: OpenAiErrorType;
  abstract readonly retryable: boolean;
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = new.target.name;
  }

  toOpenAiError(): OpenAiError {
    return { status: this.status, type: this.type, code: this.code, message: this.message, retryable: this.retryable };
  }
}

/** The client's body cannot be sent to this provider (bad shape, or a feature the provider lacks). */
export class ProviderRequestError extends ProviderError {
  readonly status = 400;
  readonly type = 'invalid_request_error' as const;
  readonly retryable = false;
  constructor(message: string, code = 'invalid_request', readonly param?: string) {
    super(message, code);
  }
}

/** The provider cannot serve this endpoint at all (Anthropic has no completions or embeddings). */
export class UnsupportedEndpointError extends ProviderError {
  readonly status = 400;
  readonly type = 'invalid_request_error' as const;
  readonly retryable = false;
  constructor(
    readonly vendor: ProviderVendor,
    readonly endpoint: Endpoint,
  ) {
    super(`provider '${vendor}' does not support the ${endpoint} endpoint`, 'unsupported_endpoint');
  }
}

/** The target's configuration is unusable (e.g. Azure without apiVersion). Another target may work. */
export class ProviderConfigError extends ProviderError {
  readonly status = 500;
  readonly type = 'server_error' as const;
  readonly retryable = true;
  constructor(message: string) {
    super(message, 'provider_misconfigured');
  }
}

/** The upstream answered with something that is not the protocol it speaks (bad JSON, wrong shape). */
export class UpstreamProtocolError extends ProviderError {
  readonly status = 502;
  readonly type = 'upstream_error' as const;
  readonly retryable = true;
  constructor(message: string) {
    super(message, 'upstream_protocol_error');
  }
}
