import type { Logger } from '@switchyard/observability';
import type { RegistryDb } from '@switchyard/registry-store';
import { EnvelopeCipher } from './envelope-cipher';
import type { KeyProvider } from './key-provider';

export interface RotationResult {
  /** Data keys re-wrapped under the current master key. */
  rewrapped: number;
  /** Rows changed by someone else meanwhile (re-run to pick them up if still old). */
  skipped: number;
  /** Rows whose master key is not configured (neither current nor previous). */
  failed: number;
  currentKeyId: string;
}

/**
 * Re-wraps every ProviderKey's data key under the current master key, in batches; ciphertexts are untouched, so
 * readers that know either master key keep working throughout (no downtime). Each row is updated only if it still
 * holds the wrapped key that was read (a concurrent change wins). Idempotent: re-running finds nothing to do.
 */
export async function rotateMasterKey(
  db: RegistryDb,
  keys: KeyProvider,
  opts: { batchSize?: number; logger?: Logger } = {},
): Promise<RotationResult> {
  const cipher = new EnvelopeCipher(keys);
  const batchSize = opts.batchSize ?? 100;
  const result: RotationResult = { rewrapped: 0, skipped: 0, failed: 0, currentKeyId: keys.currentKeyId };
  let after: string | undefined;
  for (;;) {
    const rows = await db.providerKey.findMany({
      where: { kekId: { not: keys.currentKeyId }, ...(after ? { id: { gt: after } } : {}) },
      orderBy: { id: 'asc' },
      take: batchSize,
      select: { id: true, wrappedKey: true, kekId: true },
    });
    if (rows.length === 0) break;
    after = rows[rows.length - 1].id;
    for (const row of rows) {
      if (!keys.knows(row.kekId)) {
        result.failed += 1;
        opts.logger?.error({ providerKeyId: row.id, kekId: row.kekId }, 'no configured master key can unwrap this data key');
        continue;
      }
      const next = await cipher.rewrap(row);
      const updated = await db.providerKey.updateMany({
        where: { id: row.id, kekId: row.kekId, wrappedKey: row.wrappedKey },
        data: { wrappedKey: next.wrappedKey, kekId: next.kekId },
      });
      if (updated.count === 1) result.rewrapped += 1;
      else result.skipped += 1;
    }
    opts.logger?.info({ rewrapped: result.rewrapped, failed: result.failed }, 'master key rotation: batch done');
  }
  return result;
}
