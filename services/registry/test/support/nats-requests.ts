import {
  authorizeCredentialsRequest,
  openCredentialsReply,
  type CredentialsAuth,
  type ProviderCredentialsReply,
  type RequestName,
  type RequestPayloads,
} from '@switchyard/contracts';
import { NatsConnection as Wrapped, RequestClient } from '@switchyard/messaging';
import { createLogger } from '@switchyard/observability';
import type { NatsConnection } from './registry-harness';

/** A RequestClient on the test's own connection, in the registry's namespace. */
export function requestClient(nc: NatsConnection, namespace: string): RequestClient {
  return new RequestClient(new Wrapped(nc, 'registry-test', namespace), createLogger({ service: 'registry-test', level: 'silent' }));
}

export async function requestJson<K extends RequestName>(
  client: RequestClient,
  name: K,
  payload: RequestPayloads[K]['request'],
  headers?: Record<string, string>,
): Promise<{ raw: string; json: unknown }> {
  const bytes = await client.request(name, payload, { headers, timeoutMs: 5000 });
  const raw = Buffer.from(bytes).toString('utf8');
  return { raw, json: JSON.parse(raw) as unknown };
}

/**
 * Asks for a provider's credentials the way the gateway does: a proof of `token` in the request, the reply sealed
 * for it. `reply` is the opened content (undefined when the answer is an error or does not open with `token`).
 */
export async function requestCredentials(
  client: RequestClient,
  token: string,
  body: { providerId: string; keyIds?: string[]; requester?: string },
  auth?: unknown,
): Promise<{ raw: string; json: unknown; reply?: ProviderCredentialsReply }> {
  const requester = body.requester ?? 'gateway';
  const proof = (auth ?? authorizeCredentialsRequest(token, requester, body.providerId)) as CredentialsAuth;
  const { raw, json } = await requestJson(client, 'ProviderCredentials', { requester, providerId: body.providerId, keyIds: body.keyIds, auth: proof });
  let reply: ProviderCredentialsReply | undefined;
  try {
    reply = openCredentialsReply(token, proof.nonce, body.providerId, json) as ProviderCredentialsReply;
  } catch {
    reply = undefined;
  }
  return { raw, json, reply };
}
