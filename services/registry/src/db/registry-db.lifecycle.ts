import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { ReadinessRegistry } from '@switchyard/service-kit';
import { pingRegistryDb } from '@switchyard/registry-store';
import { REGISTRY_DB, type RegistryDb } from './registry-db.provider';

/** Registers the 'postgres' readiness check and closes the pool last on shutdown. */
@Injectable()
export class RegistryDbLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(REGISTRY_DB) private readonly db: RegistryDb,
    private readonly readiness: ReadinessRegistry,
  ) {}

  onModuleInit(): void {
    this.readiness.register({ name: 'postgres', check: () => pingRegistryDb(this.db) });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.db.$disconnect();
  }
}
