import { Global, Module, type DynamicModule } from '@nestjs/common';
import { ConfigService } from '@switchyard/config';
import { CONFIG } from './common/registry-config.provider';
import { RegistryDbLifecycle } from './db/registry-db.lifecycle';
import { REGISTRY_DB, registryDbProvider } from './db/registry-db.provider';
import { ChangeWriter } from './events/change-writer.service';
import { OutboxSignal } from './events/outbox-signal';
import { LocalKeyProvider } from './secrets/key-provider';
import { KEY_PROVIDER, SecretBox } from './secrets/secret-box.service';
import type { RegistryConfig } from './registry.config';

/** Global building blocks every registry module injects: config, database, change writer, secret box. */
@Global()
@Module({})
export class RegistryCoreModule {
  static forRoot(config: RegistryConfig): DynamicModule {
    return {
      module: RegistryCoreModule,
      global: true,
      providers: [
        { provide: CONFIG, useValue: new ConfigService<RegistryConfig>(config) },
        registryDbProvider({ databaseUrl: config.DATABASE_URL, schema: config.DATABASE_SCHEMA }),
        RegistryDbLifecycle,
        {
          provide: KEY_PROVIDER,
          useFactory: () =>
            new LocalKeyProvider(
              config.SWITCHYARD_MASTER_KEY,
              config.SWITCHYARD_PREVIOUS_MASTER_KEY ? [config.SWITCHYARD_PREVIOUS_MASTER_KEY] : [],
            ),
        },
        SecretBox,
        OutboxSignal,
        ChangeWriter,
      ],
      exports: [CONFIG, REGISTRY_DB, KEY_PROVIDER, SecretBox, OutboxSignal, ChangeWriter],
    };
  }
}
