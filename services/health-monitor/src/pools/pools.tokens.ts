import type { DeploymentSettings } from './deployment-settings';

export const POOL_RESYNC_MS = Symbol('health-monitor.pool-resync-ms');

/** Defaults for deployments the registry has not told about, and registry timing. */
export interface SettingsOptions {
  defaults: DeploymentSettings;
  baseEjectionOverride?: number;
  resyncMs: number;
}
export const SETTINGS_OPTIONS = Symbol('health-monitor.settings-options');
