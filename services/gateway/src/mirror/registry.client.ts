// The registry's request/reply answers the gateway needs: the snapshot and a provider's key secrets.
import {
  authorizeCredentialsRequest,
  decodeRegistrySnapshot,
  isRequestErrorReply,
  openCredentialsReply,
  type ProviderCredentialsReply,
  type RegistrySnapshot,
} from '@switchyard/contracts';
import type { RequestClient } from '@switchyard/messaging';

export class RegistryRequestError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'RegistryRequestError';
  }
}

const decoder = new TextDecoder();

/**
 * Opens a sealed credentials reply (sealed for the request's nonce under the service token) and checks its shape;
 * never echoes its content (it carries secrets).
 */
export function decodeCredentialsReply(bytes: Uint8Array, providerId: string, token: string, nonce: string): ProviderCredentialsReply {
  let value: unknown;
  try {
    value = JSON.parse(decoder.decode(bytes));
  } catch {
    throw new RegistryRequestError(`credentials reply for provider ${providerId} is not JSON`, true);
  }
  if (isRequestErrorReply(value)) {
    throw new RegistryRequestError(`registry refused credentials for provider ${providerId}: ${value.error.message}`, value.error.retryable === true);
  }
  let opened: unknown;
  try {
    opened = openCredentialsReply(token, nonce, providerId, value);
  } catch {
    throw new RegistryRequestError(`credentials reply for provider ${providerId} does not open with this service token`, false);
  }
  const reply = (opened ?? {}) as Partial<ProviderCredentialsReply>;
  if (!Array.isArray(reply.keys)) throw new RegistryRequestError(`credentials reply for provider ${providerId} has no keys`, true);
  const keys = reply.keys.filter(
    (k) => typeof k === 'object' && k !== null && typeof k.id === 'string' && typeof k.secret === 'string' && typeof k.weight === 'number' && typeof k.enabled === 'boolean',
  );
  return { providerId, keys };
}

export class RegistryClient {
  constructor(
    private readonly requests: RequestClient,
    private readonly serviceToken: string,
    private readonly timeoutMs: number,
  ) {}

  async fetchSnapshot(): Promise<RegistrySnapshot> {
    const bytes = await this.requests.request('RegistrySnapshot', { requester: 'gateway' }, { timeoutMs: this.timeoutMs });
    return decodeRegistrySnapshot(bytes);
  }

  /** The token never travels: the request carries a proof of it, and the reply comes sealed for that request. */
  async fetchCredentials(providerId: string): Promise<ProviderCredentialsReply> {
    const auth = authorizeCredentialsRequest(this.serviceToken, 'gateway', providerId);
    const bytes = await this.requests.request('ProviderCredentials', { requester: 'gateway', providerId, auth }, { timeoutMs: this.timeoutMs });
    return decodeCredentialsReply(bytes, providerId, this.serviceToken, auth.nonce);
  }
}
