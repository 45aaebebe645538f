import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { DeploymentSnapshot, ProviderSnapshot, RegistrySnapshot } from '@switchyard/contracts';
import { LOGGER } from '@switchyard/service-kit';
import type { Logger } from '@switchyard/observability';
import { settingsFromDeployment, type DeploymentSettings } from './deployment-settings';
import { REGISTRY_SOURCE, type RegistrySource } from './registry-source.port';
import { SETTINGS_OPTIONS, type SettingsOptions } from './pools.tokens';

/** What the monitor needs to know of a provider: its workspace and its enabled keys. */
export interface ProviderInfo {
  workspaceId: string;
  keyIds: string[];
}

/**
 * Deployments' health-check settings and providers' keys, from the registry snapshot (at start, then
 * periodically) and the registry's events. When the registry cannot be reached the defaults apply, and the
 * snapshot is retried in the background.
 */
@Injectable()
export class DeploymentSettingsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly deployments = new Map<string, DeploymentSettings>();
  private readonly providers = new Map<string, ProviderInfo>();
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private loaded = false;
  private failures = 0;

  constructor(
    @Inject(REGISTRY_SOURCE) private readonly registry: RegistrySource,
    @Inject(SETTINGS_OPTIONS) private readonly options: SettingsOptions,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Waits for the first answer (bounded by the request timeout) so probes start with the right settings. */
  async onApplicationBootstrap(): Promise<void> {
    await this.load();
  }

  beforeApplicationShutdown(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  settingsFor(deploymentId: string): DeploymentSettings {
    return this.deployments.get(deploymentId) ?? this.options.defaults;
  }

  provider(providerId: string): ProviderInfo | undefined {
    return this.providers.get(providerId);
  }

  /** Whether a registry snapshot has been applied. */
  hasSnapshot(): boolean {
    return this.loaded;
  }

  applySnapshot(snapshot: RegistrySnapshot): void {
    this.deployments.clear();
    for (const d of snapshot.deployments) this.applyDeployment(d);
    this.providers.clear();
    for (const p of snapshot.providers) this.applyProvider(p);
    this.loaded = true;
  }

  applyDeployment(deployment: DeploymentSnapshot): void {
    this.deployments.set(deployment.id, settingsFromDeployment(deployment, this.options.defaults, this.options.baseEjectionOverride));
  }

  removeDeployment(deploymentId: string): void {
    this.deployments.delete(deploymentId);
  }

  applyProvider(provider: ProviderSnapshot): void {
    this.providers.set(provider.id, { workspaceId: provider.workspaceId, keyIds: provider.keys.filter((k) => k.enabled).map((k) => k.id) });
  }

  removeProvider(providerId: string): void {
    this.providers.delete(providerId);
  }

  /** One attempt, then the next one is scheduled: a monitor probes with defaults while the registry is away. */
  private async load(): Promise<void> {
    if (this.stopped) return;
    let nextMs = this.options.resyncMs;
    try {
      this.applySnapshot(await this.registry.snapshot());
      this.failures = 0;
      this.logger.info({ deployments: this.deployments.size, providers: this.providers.size }, 'health-check settings loaded from the registry');
    } catch (error) {
      nextMs = Math.min(5_000, this.options.resyncMs);
      // Said once loudly, then quietly while the registry stays away.
      const log = this.failures++ === 0 ? this.logger.warn.bind(this.logger) : this.logger.debug.bind(this.logger);
      log({ err: error, retryInMs: nextMs }, this.loaded ? 'registry snapshot unavailable; keeping the settings held' : 'registry snapshot unavailable; probing with the default settings');
    }
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.load(), nextMs);
    this.timer.unref();
  }
}
