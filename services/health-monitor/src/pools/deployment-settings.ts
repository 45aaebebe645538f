import type { DeploymentSnapshot, HealthCheckConfig } from '@switchyard/contracts';
import { policyFromHealthCheck, type HealthPolicy } from '../domain/health-policy';

/** How one deployment's instances are probed. */
export interface ProbeSettings {
  /** Path of the health check, e.g. "/health"; a completions path sends a minimal completion request. */
  path: string;
  timeoutMs: number;
  /** Model name for a completion probe. */
  model: string;
}

export interface DeploymentSettings {
  policy: HealthPolicy;
  probe: ProbeSettings;
}

/** Settings from a deployment's health check, layered on the monitor's defaults. Pure. */
export function settingsFromDeployment(
  deployment: Pick<DeploymentSnapshot, 'model'> & { healthCheck?: Partial<HealthCheckConfig> | null },
  defaults: DeploymentSettings,
  baseEjectionOverride?: number,
): DeploymentSettings {
  const check = deployment.healthCheck ?? {};
  const positive = (v: number | undefined) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined);
  const interval = positive(check.intervalSeconds);
  const { intervalMs: _i, failureThreshold: _f, successThreshold: _s, baseEjectionMs: _b, ...rest } = defaults.policy;
  const policy = policyFromHealthCheck(
    {
      intervalSeconds: interval ?? defaults.policy.intervalMs / 1000,
      failureThreshold: positive(check.failureThreshold) ?? defaults.policy.failureThreshold,
      successThreshold: positive(check.successThreshold) ?? defaults.policy.successThreshold,
    },
    rest,
  );
  if (baseEjectionOverride !== undefined) policy.baseEjectionMs = baseEjectionOverride;
  const timeout = positive(check.timeoutSeconds);
  const path = typeof check.path === 'string' && /^\/[\x21-\x7e]{0,200}$/.test(check.path) ? check.path : defaults.probe.path;
  return {
    policy,
    probe: {
      path,
      // The probe must answer within its interval, or probes would pile up.
      timeoutMs: Math.min(timeout !== undefined ? Math.round(timeout * 1000) : defaults.probe.timeoutMs, policy.intervalMs),
      model: deployment.model || defaults.probe.model,
    },
  };
}
