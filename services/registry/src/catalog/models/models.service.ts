import { Inject, Injectable } from '@nestjs/common';
import type { Model, Prisma } from '@switchyard/registry-store';
import { z } from 'zod';
import type { Principal } from '../../auth/principal';
import { ApiError } from '../../common/api.error';
import { parseInput, pathId, slugSchema, type Page } from '../../common/validation';
import { REGISTRY_DB, type RegistryDb, type RegistryTx } from '../../db/registry-db.provider';
import { ChangeWriter, type ChangeSet } from '../../events/change-writer.service';
import { assertWorkspaceExists, conflictOnDuplicate, containsFilter, pageOf, parseListQuery } from '../catalog.common';
import { modelToSnapshot } from '../catalog.mappers';
import { emitCascadedPriceDeletes } from '../prices/price.store';

const kindSchema = z.enum(['chat', 'completion', 'embedding']);
export const createModelSchema = z
  .object({
    name: slugSchema,
    kind: kindSchema,
    contextWindow: z.number().int('must be an integer').min(1, 'must be between 1 and 100000000').max(100_000_000, 'must be between 1 and 100000000'),
    description: z.string().max(4000, 'must be at most 4000 characters').default(''),
  })
  .strict();
export const updateModelDefinitionSchema = createModelSchema.partial().strict();
const modelListFilters = { kind: kindSchema.optional() };

export function modelView(row: Model) {
  return { ...modelToSnapshot(row), description: row.description, version: row.version, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() };
}
export type ModelView = ReturnType<typeof modelView>;

/** Logical model definitions: name, kind, context window (prices hang off them). */
@Injectable()
export class ModelsService {
  constructor(
    @Inject(REGISTRY_DB) private readonly db: RegistryDb,
    private readonly writer: ChangeWriter,
  ) {}

  async list(workspaceId: string, rawQuery: unknown): Promise<Page<ModelView>> {
    const query = parseListQuery(modelListFilters, rawQuery);
    const where: Prisma.ModelWhereInput = {
      workspaceId,
      ...(query.q ? { name: containsFilter(query.q) } : {}),
      ...(query.kind ? { kind: query.kind } : {}),
    };
    const [rows, total] = await Promise.all([
      this.db.model.findMany({ where, orderBy: { name: 'asc' }, skip: query.offset, take: query.limit }),
      this.db.model.count({ where }),
    ]);
    return pageOf(rows.map(modelView), total, query);
  }

  async get(workspaceId: string, id: string): Promise<ModelView> {
    return modelView(await findModel(this.db, workspaceId, id));
  }

  async create(principal: Principal, workspaceId: string, body: unknown): Promise<ModelView> {
    const input = parseInput(createModelSchema, body);
    return this.writer.run(principal, async (tx, changes) => {
      await assertWorkspaceExists(tx, workspaceId);
      const row = await conflictOnDuplicate(
        () => tx.model.create({ data: { workspaceId, ...input } }),
        `a model named "${input.name}" already exists in this workspace`,
      );
      emit(changes, row, 'created');
      changes.audit({ workspaceId, action: 'model.create', entityType: 'model', entityId: row.id, after: modelToSnapshot(row) });
      return modelView(row);
    });
  }

  async update(principal: Principal, workspaceId: string, id: string, body: unknown): Promise<ModelView> {
    const input = parseInput(updateModelDefinitionSchema, body);
    return this.writer.run(principal, async (tx, changes) => {
      const before = await findModel(tx, workspaceId, id);
      const row = await conflictOnDuplicate(
        () => tx.model.update({ where: { id: before.id }, data: { ...input, version: { increment: 1 } } }),
        `a model named "${input.name ?? before.name}" already exists in this workspace`,
      );
      emit(changes, row, 'updated');
      changes.audit({ workspaceId, action: 'model.update', entityType: 'model', entityId: row.id, before: modelToSnapshot(before), after: modelToSnapshot(row) });
      return modelView(row);
    });
  }

  /** Deletes the model and its prices; provider models that served it are unlinked. */
  async remove(principal: Principal, workspaceId: string, id: string): Promise<void> {
    await this.writer.run(principal, async (tx, changes) => {
      const before = await findModel(tx, workspaceId, id);
      await emitCascadedPriceDeletes(tx, changes, workspaceId, { modelId: before.id });
      await tx.model.delete({ where: { id: before.id } });
      changes.emit('ModelChanged', { modelId: before.id, change: 'deleted', model: null }, { workspaceId, aggregateId: before.id, aggregateVersion: before.version + 1 });
      changes.audit({ workspaceId, action: 'model.delete', entityType: 'model', entityId: before.id, before: modelToSnapshot(before) });
    });
  }
}

async function findModel(db: RegistryDb | RegistryTx, workspaceId: string, id: string): Promise<Model> {
  pathId(id, 'model');
  const row = await db.model.findFirst({ where: { id, workspaceId } });
  if (!row) throw ApiError.notFound('model');
  return row;
}

function emit(changes: ChangeSet, row: Model, change: 'created' | 'updated'): void {
  changes.emit('ModelChanged', { modelId: row.id, change, model: modelToSnapshot(row) }, { workspaceId: row.workspaceId, aggregateId: row.id, aggregateVersion: row.version });
}
