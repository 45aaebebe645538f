import type { DeploymentSnapshot, EndpointPriority, RuntimeDriver as RuntimeDriverName } from '@switchyard/contracts';

/**
 * One running (or starting) instance as its driver sees it. `ready` means it answered the connectivity check;
 * health beyond that is the health monitor's job.
 */
export type DriverInstancePhase = 'starting' | 'ready' | 'failed' | 'stopping';

export interface DriverInstance {
  instanceId: string;
  deploymentId: string;
  revision: number;
  /** Base URL the gateway calls, e.g. http://127.0.0.1:18001/v1. */
  url: string;
  phase: DriverInstancePhase;
  weight: number;
  priority: EndpointPriority;
  startedAt: number;
  /** Why it failed, for logs and rollouts. */
  detail?: string;
}

/**
 * How replicas become instances. One file per driver: static (endpoints the user runs), process (a command per
 * replica on this machine), kubernetes (a Deployment's scale and its pods' endpoints).
 */
export interface RuntimeDriver {
  readonly name: RuntimeDriverName;
  /** False when instances are only found, not started (static): replicas are then the enabled endpoints. */
  readonly manages: boolean;
  /** What the driver knows of the deployment now (all revisions). Cheap and synchronous. */
  instances(deploymentId: string): DriverInstance[];
  /** Refreshes what the driver knows (probes, discovery); called every reconciliation. */
  sync(deployment: DeploymentSnapshot): Promise<void>;
  /** Starts `count` more instances of `deployment` (the spec of the revision to run). */
  start(deployment: DeploymentSnapshot, count: number): Promise<void>;
  /**
   * Stops instances the caller already took out of the pool: waits for their in-flight requests (bounded) and
   * stops them. Resolves once they are gone.
   */
  stop(deploymentId: string, instanceIds: readonly string[]): Promise<void>;
  /** Stops everything this driver started (process shutdown, leadership lost). */
  close(): Promise<void>;
}

/** Drivers registered under one token, by name. */
export const RUNTIME_DRIVERS = Symbol('scheduler.runtime-drivers');
export type RuntimeDrivers = ReadonlyMap<RuntimeDriverName, RuntimeDriver>;

/** The origin of an instance URL plus a path: http://h:p/v1 + /health -> http://h:p/health. */
export function instanceUrl(base: string, path: string): string {
  const url = new URL(base);
  return `${url.origin}${path.startsWith('/') ? path : `/${path}`}`;
}

/** GET with a timeout; true for a 2xx answer. Never throws. */
export async function answers(url: string, timeoutMs: number): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
}
