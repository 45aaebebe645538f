import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from '@switchyard/observability';
import { LOGGER } from '@switchyard/service-kit';
import { CONFIG, type RegistryConfigService } from '../common/registry-config.provider';
import { REGISTRY_DB, type RegistryDb } from '../db/registry-db.provider';
import { hashPassword } from './password.hasher';

/**
 * First start: creates the platform admin from SWITCHYARD_ADMIN_EMAIL / SWITCHYARD_ADMIN_PASSWORD when no user has
 * that e-mail. An existing user is left alone (its password is never reset from the environment).
 */
@Injectable()
export class AdminBootstrap implements OnApplicationBootstrap {
  constructor(
    @Inject(REGISTRY_DB) private readonly db: RegistryDb,
    @Inject(CONFIG) private readonly config: RegistryConfigService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const email = this.config.get('SWITCHYARD_ADMIN_EMAIL').toLowerCase();
    const password = this.config.get('SWITCHYARD_ADMIN_PASSWORD');
    if (!password) {
      const admins = await this.db.user.count({ where: { isPlatformAdmin: true } });
      if (admins === 0) this.logger.warn('no platform admin exists and SWITCHYARD_ADMIN_PASSWORD is not set');
      return;
    }
    const existing = await this.db.user.findUnique({ where: { email } });
    if (existing) return;
    await this.db.user.upsert({
      where: { email },
      create: { email, name: 'Platform admin', passwordHash: await hashPassword(password), isPlatformAdmin: true },
      update: {},
    });
    this.logger.info({ email }, 'platform admin created');
  }
}
