import type { RequestName, RequestPayloads } from '@switchyard/contracts';
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
