import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import {
  encodeRegistrySnapshot,
  sealCredentialsReply,
  verifyCredentialsRequest,
  type ProviderCredentialsRequest,
  type RegistrySnapshotRequest,
  type SealedCredentialsReply,
} from '@switchyard/contracts';
import { RequestClient } from '@switchyard/messaging';
import type { Logger } from '@switchyard/observability';
import { LOGGER } from '@switchyard/service-kit';
import { CONFIG, type RegistryConfigService } from '../common/registry-config.provider';
import { REGISTRY_DB, type RegistryDb } from '../db/registry-db.provider';
import { SecretBox } from '../secrets/secret-box.service';
import { RegistrySnapshotBuilder } from './registry-snapshot.builder';
import { RequestRefusedError } from './request-refused.error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Answers the NATS requests: Requests.RegistrySnapshot (anyone on the bus; no secrets in it) and
 * Requests.ProviderCredentials (decrypted provider keys, only for a request that proves the service token, and
 * sealed for that request: the bus may be read by others, see credentials.seal.ts in contracts).
 */
@Injectable()
export class RegistryRequestsResponder implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly stops: Array<() => Promise<void>> = [];
  private readonly log: Logger;

  constructor(
    private readonly requests: RequestClient,
    private readonly snapshots: RegistrySnapshotBuilder,
    private readonly secrets: SecretBox,
    @Inject(REGISTRY_DB) private readonly db: RegistryDb,
    @Inject(CONFIG) private readonly config: RegistryConfigService,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.log = logger.child({ component: 'requests' });
  }

  onApplicationBootstrap(): void {
    this.stops.push(this.requests.serve('RegistrySnapshot', (req) => this.snapshot(req)));
    this.stops.push(this.requests.serve('ProviderCredentials', (req) => this.credentials(req)));
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.stops.splice(0).map((stop) => stop()));
  }

  async snapshot(req: RegistrySnapshotRequest): Promise<Uint8Array> {
    const snapshot = await this.snapshots.build();
    if (typeof req.minVersion === 'number' && snapshot.version < req.minVersion) {
      throw new RequestRefusedError('behind', `registry is at version ${snapshot.version}, below ${req.minVersion}`, true);
    }
    this.log.debug({ requester: String(req.requester ?? ''), version: snapshot.version }, 'snapshot served');
    return encodeRegistrySnapshot(snapshot);
  }

  async credentials(req: ProviderCredentialsRequest): Promise<SealedCredentialsReply> {
    const token = this.config.get('SWITCHYARD_SERVICE_TOKEN');
    const requester = typeof req.requester === 'string' ? req.requester : '';
    const providerId = typeof req.providerId === 'string' ? req.providerId : '';
    if (!verifyCredentialsRequest(token, req.auth, requester, providerId)) {
      this.log.warn({ requester: requester.slice(0, 64) }, 'provider credentials refused: no valid proof of the service token');
      throw new RequestRefusedError('unauthorized', 'a valid proof of the service token is required');
    }
    if (!UUID.test(providerId)) {
      throw new RequestRefusedError('bad_request', 'providerId must be a UUID');
    }
    const keyIds = Array.isArray(req.keyIds) ? req.keyIds.filter((k): k is string => typeof k === 'string' && UUID.test(k)) : undefined;
    const provider = await this.db.provider.findUnique({
      where: { id: req.providerId },
      include: {
        keys: { where: keyIds ? { id: { in: keyIds } } : { enabled: true }, orderBy: { createdAt: 'asc' } },
      },
    });
    if (!provider) throw new RequestRefusedError('not_found', 'provider not found');
    const keys = await Promise.all(
      provider.keys.map(async (k) => ({
        id: k.id,
        secret: await this.secrets.open(k, k.id),
        weight: k.weight,
        enabled: k.enabled,
      })),
    );
    this.log.info({ requester: String(req.requester ?? '').slice(0, 64), providerId: provider.id, keys: keys.length }, 'provider credentials served');
    return sealCredentialsReply(token, req.auth.nonce, { providerId: provider.id, keys });
  }
}
