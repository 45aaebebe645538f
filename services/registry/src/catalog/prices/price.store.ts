import type { Prisma } from '@switchyard/registry-store';
import type { RegistryTx } from '../../db/registry-db.provider';
import type { ChangeSet } from '../../events/change-writer.service';

/**
 * Prices go with their model or provider model (database cascade); consumers learn it here: one PriceChanged
 * (deleted) per price about to be removed. Call inside the transaction, before the delete.
 */
export async function emitCascadedPriceDeletes(tx: RegistryTx, changes: ChangeSet, workspaceId: string, where: Prisma.PriceWhereInput): Promise<void> {
  const prices = await tx.price.findMany({ where: { ...where, workspaceId }, select: { id: true }, orderBy: { createdAt: 'asc' } });
  for (const p of prices) {
    changes.emit('PriceChanged', { priceId: p.id, change: 'deleted', price: null }, { workspaceId, aggregateId: p.id, aggregateVersion: 2 });
  }
}
