import { Injectable } from '@nestjs/common';
import type { ProviderKey } from '@switchyard/registry-store';
import type { Principal } from '../../auth/principal';
import { ApiError } from '../../common/api.error';
import { parseInput, pathId } from '../../common/validation';
import { ChangeWriter } from '../../events/change-writer.service';
import { SecretBox } from '../../secrets/secret-box.service';
import { keyInputSchema, rotateKeySchema, updateKeySchema } from './provider.schemas';
import { findProvider, keyView, providerChanged, type KeyView, type ProviderWithChildren } from './provider.store';
import { sealKey } from './providers.service';

const MAX_KEYS = 20;

/** A provider's API keys: add, edit (description/weight/enabled), rotate the secret, remove. Answers are masked. */
@Injectable()
export class ProviderKeysService {
  constructor(
    private readonly writer: ChangeWriter,
    private readonly box: SecretBox,
  ) {}

  async add(principal: Principal, workspaceId: string, providerId: string, body: unknown): Promise<KeyView> {
    const input = parseInput(keyInputSchema, body);
    const key = await sealKey(this.box, input);
    return this.writer.run(principal, async (tx, changes) => {
      const before = await findProvider(tx, workspaceId, providerId);
      if (before.keys.length >= MAX_KEYS) throw ApiError.unprocessable(`a provider has at most ${MAX_KEYS} keys`, 'secret');
      const created = await tx.providerKey.create({ data: { ...key, providerId: before.id } });
      await providerChanged(tx, changes, before.id, 'key.add', { credentialsChanged: true, before });
      return keyView(created);
    });
  }

  async update(principal: Principal, workspaceId: string, providerId: string, keyId: string, body: unknown): Promise<KeyView> {
    const input = parseInput(updateKeySchema, body);
    return this.writer.run(principal, async (tx, changes) => {
      const before = await findProvider(tx, workspaceId, providerId);
      const key = findKey(before, keyId);
      const updated = await tx.providerKey.update({ where: { id: key.id }, data: input });
      await providerChanged(tx, changes, before.id, 'key.update', { credentialsChanged: input.enabled !== undefined && input.enabled !== key.enabled, before });
      return keyView(updated);
    });
  }

  /** Replaces the secret of a key (same id, new data key); the old secret is gone. */
  async rotate(principal: Principal, workspaceId: string, providerId: string, keyId: string, body: unknown): Promise<KeyView> {
    const { secret } = parseInput(rotateKeySchema, body);
    pathId(keyId, 'key');
    const sealed = await this.box.seal(secret, keyId);
    return this.writer.run(principal, async (tx, changes) => {
      const before = await findProvider(tx, workspaceId, providerId);
      const key = findKey(before, keyId);
      const updated = await tx.providerKey.update({ where: { id: key.id }, data: sealed });
      await providerChanged(tx, changes, before.id, 'key.rotate', { credentialsChanged: true, before });
      return keyView(updated);
    });
  }

  async remove(principal: Principal, workspaceId: string, providerId: string, keyId: string): Promise<void> {
    await this.writer.run(principal, async (tx, changes) => {
      const before = await findProvider(tx, workspaceId, providerId);
      const key = findKey(before, keyId);
      await tx.providerKey.delete({ where: { id: key.id } });
      await providerChanged(tx, changes, before.id, 'key.remove', { credentialsChanged: true, before });
    });
  }
}

function findKey(provider: ProviderWithChildren, keyId: string): ProviderKey {
  pathId(keyId, 'key');
  const key = provider.keys.find((k) => k.id === keyId);
  if (!key) throw ApiError.notFound('key');
  return key;
}
