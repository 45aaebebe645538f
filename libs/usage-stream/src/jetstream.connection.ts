import { connect, nanos, RetentionPolicy, StorageType, type JetStreamManager, type NatsConnection } from 'nats';
import { namespacedStream, Streams, type StreamDefinition } from '@switchyard/contracts';

/** A NATS connection that reconnects forever (the usage stream must outlive a broker restart). */
export async function connectUsageNats(url: string, name: string): Promise<NatsConnection> {
  return connect({ servers: url, name, reconnect: true, maxReconnectAttempts: -1, reconnectTimeWait: 500, waitOnFirstConnect: true });
}

/** The namespaced usage stream definition. */
export function usageStream(namespace: string): StreamDefinition {
  return namespacedStream(namespace, Streams.Usage);
}

/** Creates the usage stream, or updates it to the definition (idempotent). */
export async function ensureUsageStream(jsm: JetStreamManager, def: StreamDefinition): Promise<void> {
  const config = {
    name: def.name,
    subjects: [...def.subjects],
    description: def.description,
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    max_age: nanos(def.maxAgeSeconds * 1000),
    duplicate_window: nanos(def.duplicateWindowSeconds * 1000),
  };
  try {
    await jsm.streams.info(def.name);
    await jsm.streams.update(def.name, config);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    try {
      await jsm.streams.add(config);
    } catch (addError) {
      // Another process created it between our info and add: fine.
      if (!/already in use|exists/i.test(String((addError as Error).message))) throw addError;
    }
  }
}

function isNotFound(error: unknown): boolean {
  const e = error as { code?: string; api_error?: { err_code?: number }; message?: string };
  return e?.api_error?.err_code === 10059 || e?.code === '404' || /not found/i.test(String(e?.message));
}
