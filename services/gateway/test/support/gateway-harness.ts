// One gateway wired to real NATS (namespaced), Redis (prefixed) and engine-sim instances, with the registry
// answered by a RegistryWorld and pools/health written with PoolStore/HealthStore as the scheduler and the health
// monitor do.
import { loadConfig } from '@switchyard/config';
import { startEngineSim, type EngineSimHandle } from '@switchyard/engine-sim';
import { createRedis, HealthStore, PoolStore, type InstanceState, type PoolMemberRecord } from '@switchyard/pool-state';
import { natsNamespace, redisPrefix } from '@switchyard/testing';
import { gatewayConfigSchema } from '../../src/gateway.config';
import { startGateway, type RunningGateway } from '../../src/gateway.app';
import { MemoryUsageSink } from '../../src/usage/usage.sink';
import { RegistryWorld, startRegistryResponder, type RegistryResponder } from './registry-world';

export const SERVICE_TOKEN = 'svc-token-for-tests';

export interface Harness {
  world: RegistryWorld;
  registry: RegistryResponder;
  gateway: RunningGateway;
  url: string;
  usage: MemoryUsageSink;
  pools: PoolStore;
  health: HealthStore;
  fence: number;
  namespace: string;
  prefix: string;
  writePool(deploymentId: string, members: PoolMemberRecord[], extra?: { status?: 'running' | 'stopped'; trafficSplit?: Record<string, number>; overflowShare?: number }): Promise<void>;
  setHealth(deploymentId: string, instanceId: string, state: InstanceState): Promise<void>;
  close(): Promise<void>;
}

export function member(instanceId: string, url: string, extra: Partial<PoolMemberRecord> = {}): PoolMemberRecord {
  return { instanceId, url, weight: 100, priority: 'primary', revision: 1, state: 'active', ...extra };
}

export async function startSims(n: number, model: string, knobs: Record<string, unknown> = {}): Promise<EngineSimHandle[]> {
  return Promise.all(Array.from({ length: n }, () => startEngineSim({ knobs: { model, ...knobs } })));
}

export async function startHarness(
  setup: (world: RegistryWorld) => void,
  opts: { env?: Record<string, string>; keepUsageSink?: boolean; beforeGateway?: (h: Omit<Harness, 'gateway' | 'url' | 'usage' | 'close'>) => Promise<void> } = {},
): Promise<Harness> {
  const namespace = natsNamespace('gw');
  const prefix = redisPrefix('gw');
  const world = new RegistryWorld();
  setup(world);
  const registry = await startRegistryResponder(namespace, world, SERVICE_TOKEN);
  const redis = createRedis({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' });
  const pools = new PoolStore(redis, prefix);
  const health = new HealthStore(redis, prefix);
  const fence = await pools.nextFence();
  const writePool: Harness['writePool'] = async (deploymentId, members, extra = {}) => {
    await pools.write(fence, { deploymentId, workspaceId: world.workspaces[0].id, status: extra.status ?? 'running', members, trafficSplit: extra.trafficSplit, overflowShare: extra.overflowShare });
  };
  const setHealth: Harness['setHealth'] = async (deploymentId, instanceId, state) => {
    await health.write({ instanceId, deploymentId, state, consecutiveFailures: 0, consecutiveSuccesses: 1, ejections: 0, updatedAt: new Date().toISOString() });
  };
  await opts.beforeGateway?.({ world, registry, pools, health, fence, namespace, prefix, writePool, setHealth });
  const config = loadConfig('gateway', gatewayConfigSchema, {
    LOG_LEVEL: process.env.GATEWAY_TEST_LOG_LEVEL ?? 'silent',
    NATS_NAMESPACE: namespace,
    REDIS_PREFIX: prefix,
    GATEWAY_USAGE_SINK: 'log',
    SWITCHYARD_SERVICE_TOKEN: SERVICE_TOKEN,
    GATEWAY_ID: `gw-test-${namespace}`,
    ...opts.env,
  });
  const gateway = await startGateway(config, { port: 0 });
  const usage = new MemoryUsageSink();
  if (!opts.keepUsageSink) gateway.runtime.usage.use(usage);
  return {
    world,
    registry,
    gateway,
    url: gateway.url,
    usage,
    pools,
    health,
    fence,
    namespace,
    prefix,
    writePool,
    setHealth,
    close: async () => {
      await gateway.close();
      await registry.close();
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    },
  };
}
