import {
  DiscardPolicy,
  NatsError,
  nanos,
  RetentionPolicy,
  StorageType,
  type JetStreamManager,
  type StreamConfig,
} from 'nats';
import { namespacedStream, type StreamDefinition } from '@switchyard/contracts';
import { MessagingError } from './messaging.errors';

export type StreamProvisionAction = 'created' | 'updated' | 'unchanged';

export interface StreamProvisionResult {
  /** The namespaced stream name. */
  name: string;
  action: StreamProvisionAction;
}

/** Pure: the NATS stream configuration for a definition under a namespace. */
export function streamConfigFor(def: StreamDefinition, namespace: string): StreamConfig {
  const ns = namespacedStream(namespace, def);
  return {
    name: ns.name,
    subjects: [...ns.subjects],
    description: ns.description,
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
    max_age: nanos(ns.maxAgeSeconds * 1_000),
    duplicate_window: nanos(ns.duplicateWindowSeconds * 1_000),
    num_replicas: 1,
  } as StreamConfig;
}

/** Pure: true when the stream as it exists differs from what we want in a field we manage. */
export function streamNeedsUpdate(existing: Partial<StreamConfig>, desired: StreamConfig): boolean {
  const sameSubjects =
    (existing.subjects ?? []).length === desired.subjects.length &&
    [...(existing.subjects ?? [])].sort().join('\n') === [...desired.subjects].sort().join('\n');
  return (
    !sameSubjects ||
    (existing.description ?? '') !== (desired.description ?? '') ||
    existing.max_age !== desired.max_age ||
    existing.duplicate_window !== desired.duplicate_window
  );
}

function isNotFound(err: unknown): boolean {
  if (err instanceof NatsError) return err.api_error?.err_code === 10059 || /not found/i.test(err.message);
  return false;
}

function isAlreadyInUse(err: unknown): boolean {
  if (err instanceof NatsError) return err.api_error?.err_code === 10058 || /already in use/i.test(err.message);
  return false;
}

async function ensureOne(jsm: JetStreamManager, desired: StreamConfig): Promise<StreamProvisionAction> {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      const info = await jsm.streams.info(desired.name);
      if (!streamNeedsUpdate(info.config, desired)) return 'unchanged';
      const { name, retention: _r, storage: _s, ...updatable } = desired;
      await jsm.streams.update(name, { ...info.config, ...updatable });
      return 'updated';
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    try {
      await jsm.streams.add(desired);
      return 'created';
    } catch (err) {
      // Another replica created it between our info and add: look again.
      if (!isAlreadyInUse(err)) throw err;
    }
  }
  throw new MessagingError(`stream ${desired.name} could not be provisioned`, { stream: desired.name });
}

/**
 * Creates each stream under `namespace`, or updates it when its subjects, description, age or duplicate window
 * differ. Idempotent and safe to run from several replicas at once. Rejects with a retryable MessagingError.
 */
export async function ensureStreams(
  jsm: JetStreamManager,
  defs: readonly StreamDefinition[],
  namespace: string,
): Promise<StreamProvisionResult[]> {
  const results: StreamProvisionResult[] = [];
  for (const def of defs) {
    const desired = streamConfigFor(def, namespace);
    try {
      results.push({ name: desired.name, action: await ensureOne(jsm, desired) });
    } catch (err) {
      if (err instanceof MessagingError) throw err;
      const message = err instanceof Error ? err.message : String(err);
      throw new MessagingError(`provisioning stream ${desired.name} failed: ${message}`, { stream: desired.name }, {
        cause: err,
      });
    }
  }
  return results;
}
