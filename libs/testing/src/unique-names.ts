import { randomBytes } from 'node:crypto';

/** A short random lower-case id, safe in schema names, Redis keys, NATS subjects and stream names. */
export function uniqueId(prefix = 't'): string {
  return `${prefix}${randomBytes(5).toString('hex')}`;
}

/** A NATS namespace for one test file: subjects become `<ns>.sy.…`, streams `<ns>_SY_…`. */
export function natsNamespace(label = 't'): string {
  return uniqueId(label.replace(/[^a-z0-9]/gi, '').toLowerCase().slice(0, 8) || 't');
}

/** A Redis key prefix for one test file. */
export function redisPrefix(label = 't'): string {
  return `test:${uniqueId(label.replace(/[^a-z0-9]/gi, '').toLowerCase().slice(0, 8) || 't')}:`;
}
