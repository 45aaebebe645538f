// Removes what a platform run left in the shared servers: its namespaced JetStream streams and its Redis keys.
import { connect } from 'nats';
import Redis from 'ioredis';

export const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Deletes every stream named `<namespace>_…` (the services create theirs under the namespace). */
export async function deleteNamespacedStreams(namespace: string): Promise<number> {
  if (!namespace) throw new Error('refusing to delete streams without a namespace');
  const nc = await connect({ servers: NATS_URL, name: `system-tests-cleanup-${namespace}` });
  let deleted = 0;
  try {
    const jsm = await nc.jetstreamManager();
    const names: string[] = [];
    for await (const name of jsm.streams.names()) {
      if (name.startsWith(`${namespace}_`)) names.push(name);
    }
    for (const name of names) {
      if (await jsm.streams.delete(name).catch(() => false)) deleted++;
    }
  } finally {
    await nc.drain();
  }
  return deleted;
}

/** Deletes every Redis key under `prefix` (SCAN, never KEYS). */
export async function deleteRedisKeys(prefix: string): Promise<number> {
  if (!prefix || prefix === 'sy:') throw new Error(`refusing to delete Redis keys under "${prefix}"`);
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 2 });
  await redis.connect();
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${escapeGlob(prefix)}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) deleted += await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}

function escapeGlob(s: string): string {
  return s.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}
