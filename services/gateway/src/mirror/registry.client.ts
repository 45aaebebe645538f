// The registry's request/reply answers the gateway needs: the snapshot and a provider's key secrets.
import {
  decodeRegistrySnapshot,
  isRequestErrorReply,
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

/** Checks the shape of a credentials reply; never echoes its content (it carries secrets). */
export function decodeCredentialsReply(bytes: Uint8Array, providerId: string): ProviderCredentialsReply {
  let value: unknown;
  try {
    value = JSON.parse(decoder.decode(bytes));
  } catch {
    throw new RegistryRequestError(`credentials reply for provider ${providerId} is not JSON`, true);
  }
  if (isRequestErrorReply(value)) {
    throw new RegistryRequestError(`registry refused credentials for provider ${providerId}: ${value.error.message}`, value.error.retryable === true);
  }
  const reply = value as Partial<ProviderCredentialsReply>;
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

  async fetchCredentials(providerId: string): Promise<ProviderCredentialsReply> {
    const bytes = await this.requests.request(
      'ProviderCredentials',
      { requester: 'gateway', providerId },
      { timeoutMs: this.timeoutMs, headers: { authorization: `Bearer ${this.serviceToken}` } },
    );
    return decodeCredentialsReply(bytes, providerId);
  }
}
