import { Inject, Injectable } from '@nestjs/common';
import type { Price, Prisma } from '@switchyard/registry-store';
import type { Principal } from '../../auth/principal';
import { ApiError } from '../../common/api.error';
import { parseInput, pathId, type Page } from '../../common/validation';
import { REGISTRY_DB, type RegistryDb, type RegistryTx } from '../../db/registry-db.provider';
import { ChangeWriter } from '../../events/change-writer.service';
import { assertWorkspaceExists, pageOf, parseListQuery } from '../catalog.common';
import { priceToSnapshot } from '../catalog.mappers';
import { createPriceSchema, effectivePriceQuery, priceInEffect, priceListFilters, priceRates, priceSubject, type PriceSubject } from './price.rules';

export function priceView(row: Price) {
  return { ...priceToSnapshot(row), workspaceId: row.workspaceId, createdAt: row.createdAt.toISOString() };
}
export type PriceView = ReturnType<typeof priceView>;

/** Prices are append-only: a change is a new row with its effectiveFrom; the list is the history. */
@Injectable()
export class PricesService {
  constructor(
    @Inject(REGISTRY_DB) private readonly db: RegistryDb,
    private readonly writer: ChangeWriter,
  ) {}

  async list(workspaceId: string, rawQuery: unknown): Promise<Page<PriceView>> {
    const query = parseListQuery(priceListFilters, rawQuery);
    const where: Prisma.PriceWhereInput = {
      workspaceId,
      ...(query.modelId ? { modelId: query.modelId } : {}),
      ...(query.providerModelId ? { providerModelId: query.providerModelId } : {}),
      ...(query.deploymentId ? { deploymentId: query.deploymentId } : {}),
      ...(query.currency ? { currency: query.currency } : {}),
    };
    const [rows, total] = await Promise.all([
      this.db.price.findMany({ where, orderBy: [{ effectiveFrom: 'desc' }, { createdAt: 'desc' }], skip: query.offset, take: query.limit }),
      this.db.price.count({ where }),
    ]);
    return pageOf(rows.map(priceView), total, query);
  }

  async get(workspaceId: string, id: string): Promise<PriceView> {
    pathId(id, 'price');
    const row = await this.db.price.findFirst({ where: { id, workspaceId } });
    if (!row) throw ApiError.notFound('price');
    return priceView(row);
  }

  /** The price of one subject in effect at `at` (default now); 404 when none is in effect yet. */
  async effective(workspaceId: string, rawQuery: unknown): Promise<PriceView> {
    const query = parseInput(effectivePriceQuery, rawQuery ?? {}, 'query');
    const subject = priceSubject(query);
    const at = query.at ? new Date(query.at) : new Date();
    const rows = await this.db.price.findMany({ where: { workspaceId, [subject.field]: subject.id, effectiveFrom: { lte: at } } });
    const row = priceInEffect(rows, at);
    if (!row) throw ApiError.notFound('price in effect');
    return priceView(row);
  }

  async create(principal: Principal, workspaceId: string, body: unknown): Promise<PriceView> {
    const input = parseInput(createPriceSchema, body);
    const subject = priceSubject(input);
    const rates = priceRates(input, subject);
    const effectiveFrom = input.effectiveFrom ? new Date(input.effectiveFrom) : new Date();
    return this.writer.run(principal, async (tx, changes) => {
      await assertWorkspaceExists(tx, workspaceId);
      await assertSubjectExists(tx, workspaceId, subject);
      const clash = await tx.price.findFirst({ where: { workspaceId, [subject.field]: subject.id, effectiveFrom }, select: { id: true } });
      if (clash) throw ApiError.conflict(`effectiveFrom: a price for this ${subject.field.replace(/Id$/, '')} is already effective from ${effectiveFrom.toISOString()}`, 'effectiveFrom');
      const row = await tx.price.create({
        data: {
          workspaceId,
          [subject.field]: subject.id,
          inputPerMTok: rates.inputPerMTok,
          cachedInputPerMTok: rates.cachedInputPerMTok,
          outputPerMTok: rates.outputPerMTok,
          gpuHour: rates.gpuHour,
          currency: input.currency,
          effectiveFrom,
        },
      });
      const price = priceToSnapshot(row);
      changes.emit('PriceChanged', { priceId: row.id, change: 'created', price }, { workspaceId, aggregateId: row.id, aggregateVersion: 1 });
      changes.audit({ workspaceId, action: 'price.create', entityType: 'price', entityId: row.id, after: price });
      return priceView(row);
    });
  }
}

async function assertSubjectExists(tx: RegistryTx, workspaceId: string, subject: PriceSubject): Promise<void> {
  const where = { id: subject.id, workspaceId };
  const found =
    subject.field === 'modelId'
      ? await tx.model.findFirst({ where, select: { id: true } })
      : subject.field === 'providerModelId'
        ? await tx.providerModel.findFirst({ where, select: { id: true } })
        : await tx.deployment.findFirst({ where, select: { id: true } });
  if (!found) throw ApiError.unprocessable(`${subject.field}: no such ${subject.field.replace(/Id$/, '')} in this workspace`, subject.field);
}
