import { Inject, Injectable } from '@nestjs/common';
import { decodeRegistrySnapshot, type RegistrySnapshot } from '@switchyard/contracts';
import { RequestClient } from '@switchyard/messaging';
import type { RegistrySource } from '../pools/registry-source.port';

export const REGISTRY_TIMEOUT_MS = Symbol('health-monitor.registry-timeout-ms');

/** The registry snapshot over NATS request/reply. */
@Injectable()
export class NatsRegistrySource implements RegistrySource {
  constructor(
    private readonly requests: RequestClient,
    @Inject(REGISTRY_TIMEOUT_MS) private readonly timeoutMs: number,
  ) {}

  async snapshot(): Promise<RegistrySnapshot> {
    const bytes = await this.requests.request('RegistrySnapshot', { requester: 'health-monitor' }, { timeoutMs: this.timeoutMs });
    return decodeRegistrySnapshot(bytes);
  }
}
