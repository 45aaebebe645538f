// The whole platform for one test file: engine simulators (child processes), the five services as real
// processes (as scripts/platform.js starts them) isolated by NATS namespace, Redis prefix and PostgreSQL schemas,
// then a world seeded through the registry's REST API. close() leaves no process, stream, key or schema behind.
import { randomBytes } from 'node:crypto';
import { spawnEngineSim, type EngineSimKnobs, type SpawnedEngineSim } from '@switchyard/engine-sim';
import { migrationSql } from '@switchyard/registry-store';
import { createTestSchema, getFreePort, natsNamespace, redisPrefix, waitFor, type TestSchema } from '@switchyard/testing';
import { SYSTEM_TEST_SERVICES, type SystemTestService } from '../../src/index';
import { deleteNamespacedStreams, deleteRedisKeys, NATS_URL, REDIS_URL } from './isolation.cleanup';
import { RegistryClient } from './registry.client';
import { killOnExit, ServiceProcess, serviceExists } from './service.process';
import { CHAT_MODEL, EMBED_MODEL, PROVIDER_MODEL, ROUTE, seedWorld, type SeedInput, type World } from './world.seed';

export interface PlatformOptions {
  /** Names the schemas, namespace and prefix (letters and digits). */
  label: string;
  /** Simulators behind the deployment (default 3). */
  deploymentSims?: number;
  /** Start an embedding simulator and an `embed` deployment. */
  embedding?: boolean;
  /** Knobs of every simulator (latency, …). */
  simKnobs?: Partial<EngineSimKnobs>;
  healthCheck?: SeedInput['healthCheck'];
  /** Extra environment per service. */
  serviceEnv?: Partial<Record<SystemTestService, Record<string, string>>>;
  /** How long each service may take to answer /readyz (default 90 s: two cores compile five services at once). */
  readyTimeoutMs?: number;
}

export interface PlatformSims {
  deployment: SpawnedEngineSim[];
  provider: SpawnedEngineSim;
  embedding?: SpawnedEngineSim;
}

const LOG_LEVEL = process.env.SYSTEM_TEST_LOG_LEVEL ?? 'warn';

export class Platform {
  readonly services = new Map<SystemTestService, ServiceProcess>();
  /** Services that are not there (no main.ts) or did not become ready, with the reason. */
  readonly unavailable = new Map<SystemTestService, string>();
  readonly schemas: TestSchema[] = [];
  /** Billing's schema (ledger, roll-ups, instance spans), for assertions on what billing stored. */
  billingSchema!: TestSchema;
  /** The environment each service was started with (restart() reuses it). */
  private readonly envs = new Map<SystemTestService, Record<string, string>>();
  /** Every simulator started, whatever happened next. */
  private readonly spawned: SpawnedEngineSim[] = [];
  readonly namespace: string;
  readonly prefix: string;
  readonly serviceToken = `svc-${randomBytes(20).toString('hex')}`;
  readonly admin = { email: 'admin@system.test', password: `pw-${randomBytes(12).toString('hex')}` };
  private readonly masterKey = randomBytes(32).toString('base64');
  sims!: PlatformSims;
  registry!: RegistryClient;
  world!: World;

  private constructor(readonly options: PlatformOptions) {
    this.namespace = natsNamespace(options.label);
    this.prefix = redisPrefix(options.label);
  }

  /** Starts everything and seeds the world; on failure cleans up what it started and rethrows. */
  static async start(options: PlatformOptions): Promise<Platform> {
    const platform = new Platform(options);
    try {
      await platform.boot();
      return platform;
    } catch (error) {
      await platform.close();
      throw error;
    }
  }

  /** Whether every named service runs and answered /readyz. */
  has(...names: SystemTestService[]): boolean {
    return names.every((n) => this.services.get(n)?.running === true && !this.unavailable.has(n));
  }

  /** Why a test needing these services cannot run, or null when they all run. */
  missing(...names: SystemTestService[]): string | null {
    const reasons = names.filter((n) => !this.has(n)).map((n) => `${n}: ${this.unavailable.get(n) ?? 'not running'}`);
    return reasons.length ? reasons.join('; ') : null;
  }

  url(name: SystemTestService): string {
    const svc = this.services.get(name);
    if (!svc) throw new Error(`${name} is not running`);
    return svc.url;
  }

  /** The OpenAI base URL of the gateway. */
  get gatewayBaseUrl(): string {
    return `${this.url('gateway')}/v1`;
  }

  logTail(name: SystemTestService, bytes = 4000): string {
    return this.services.get(name)?.logTail(bytes) ?? '';
  }

  /** POST /v1/chat/completions with the world's key (or another). */
  async chat(body: Record<string, unknown>, key = this.world.apiKey): Promise<Response> {
    return fetch(`${this.gatewayBaseUrl}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ model: ROUTE, messages: [{ role: 'user', content: 'hello from the system tests' }], max_tokens: 8, ...body }),
      signal: AbortSignal.timeout(30_000),
    });
  }

  /** Waits until the gateway serves `model` with the world's key (events went registry -> scheduler -> gateway). */
  async waitServing(model: string, timeoutMs = 45_000, path = 'chat/completions'): Promise<void> {
    let last = '';
    const body = path === 'embeddings' ? { model, input: 'ready?' } : { model, messages: [{ role: 'user', content: 'ready?' }], max_tokens: 2 };
    await waitFor(
      `the gateway to serve ${model}`,
      async () => {
        const res = await fetch(`${this.gatewayBaseUrl}/${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${this.world.apiKey}` },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(10_000),
        });
        last = `${res.status} ${(await res.text()).slice(0, 200)}`;
        return res.status === 200;
      },
      { timeoutMs, intervalMs: 250 },
    ).catch((error: Error) => {
      throw new Error(`${error.message} (last answer: ${last})`);
    });
  }

  private async boot(): Promise<void> {
    const o = this.options;
    const knobs = { ttftMs: 5, itlMs: 1, ...o.simKnobs };
    const deploymentCount = o.deploymentSims ?? 3;
    const [deployment, provider, embedding, schemas] = await Promise.all([
      Promise.all(Array.from({ length: deploymentCount }, () => this.spawnSim({ ...knobs, model: CHAT_MODEL }))),
      this.spawnSim({ ...knobs, model: PROVIDER_MODEL }),
      o.embedding ? this.spawnSim({ ...knobs, model: EMBED_MODEL }) : Promise.resolve(undefined),
      Promise.all(['registry', 'scheduler', 'billing'].map((s) => this.createSchema(`sys_${o.label}_${s}`))),
    ]);
    this.sims = { deployment, provider, embedding };
    const [registrySchema, schedulerSchema, billingSchema] = schemas;
    this.billingSchema = billingSchema;
    for (const sql of migrationSql()) await registrySchema.exec(sql);

    const ports = new Map<SystemTestService, number>();
    for (const name of SYSTEM_TEST_SERVICES) ports.set(name, await getFreePort());
    const registryUrl = `http://127.0.0.1:${ports.get('registry')}`;
    const common: Record<string, string> = {
      HOST: '127.0.0.1',
      LOG_LEVEL,
      NATS_URL,
      NATS_NAMESPACE: this.namespace,
      REDIS_URL,
      REDIS_PREFIX: this.prefix,
      SWITCHYARD_MASTER_KEY: this.masterKey,
      SWITCHYARD_ADMIN_EMAIL: this.admin.email,
      SWITCHYARD_ADMIN_PASSWORD: this.admin.password,
      SWITCHYARD_SERVICE_TOKEN: this.serviceToken,
      REGISTRY_URL: registryUrl,
    };
    const perService: Record<SystemTestService, Record<string, string>> = {
      registry: { DATABASE_URL: registrySchema.url, DATABASE_SCHEMA: registrySchema.schema },
      scheduler: { DATABASE_URL: schedulerSchema.url, DATABASE_SCHEMA: schedulerSchema.schema, SCHEDULER_ID: `sched-${this.namespace}` },
      'health-monitor': {},
      billing: { DATABASE_URL: billingSchema.url, BILLING_SCHEMA: billingSchema.schema },
      gateway: { GATEWAY_ID: `gw-${this.namespace}` },
    };
    const portVars: Record<SystemTestService, string> = {
      registry: 'PORT',
      scheduler: 'SCHEDULER_PORT',
      'health-monitor': 'HEALTH_MONITOR_PORT',
      billing: 'PORT',
      gateway: 'GATEWAY_PORT',
    };
    const launch = (name: SystemTestService): ServiceProcess | null => {
      if (!serviceExists(name)) {
        this.unavailable.set(name, 'services/' + name + '/src/main.ts does not exist yet');
        return null;
      }
      const port = String(ports.get(name));
      const env = { ...common, PORT: port, [portVars[name]]: port, ...perService[name], ...o.serviceEnv?.[name] };
      this.envs.set(name, env);
      const svc = new ServiceProcess(name, Number(port), env);
      this.services.set(name, svc);
      return svc;
    };
    const readyTimeout = o.readyTimeoutMs ?? 90_000;
    const ready = async (svc: ServiceProcess | null) => {
      if (!svc) return;
      await svc.waitReady(readyTimeout).catch((error: Error) => {
        this.unavailable.set(svc.name, error.message.split('\n')[0]);
      });
    };

    // The registry first (the others ask it for a snapshot at start), the gateway last, as npm start does.
    await ready(launch('registry'));
    if (!this.has('registry')) throw new Error(`the registry did not start: ${this.unavailable.get('registry')}\n${this.logTail('registry')}`);
    await Promise.all((['scheduler', 'health-monitor', 'billing'] as const).map((n) => ready(launch(n))));
    await ready(launch('gateway'));

    this.registry = new RegistryClient(registryUrl);
    await this.registry.login(this.admin.email, this.admin.password);
    this.world = await seedWorld(this.registry, {
      deploymentSims: deployment.map((s) => s.url),
      providerSim: provider.url,
      embeddingSim: embedding?.url,
      healthCheck: o.healthCheck,
    });
  }

  /** Stops a service (SIGTERM to its group), runs `whileDown`, starts it again with the same port and environment. */
  async restart(name: SystemTestService, whileDown?: () => Promise<void>, readyTimeoutMs = 60_000): Promise<void> {
    const old = this.services.get(name);
    const env = this.envs.get(name);
    if (!old || !env) throw new Error(`${name} was never started`);
    await old.stop();
    let svc: ServiceProcess;
    try {
      await whileDown?.();
    } finally {
      svc = new ServiceProcess(name, old.port, env);
      this.services.set(name, svc);
    }
    await svc.waitReady(readyTimeoutMs);
  }

  /** Another simulator (e.g. a restarted engine on its old `port`), stopped by close(). */
  async spawnSim(knobs: Partial<EngineSimKnobs>, port?: number): Promise<SpawnedEngineSim> {
    const sim = await spawnEngineSim({ knobs, port });
    this.spawned.push(sim);
    void sim.exited.then(killOnExit(sim.pid));
    return sim;
  }

  private async createSchema(label: string): Promise<TestSchema> {
    const schema = await createTestSchema(label);
    this.schemas.push(schema);
    return schema;
  }

  /** Stops every process this platform started and removes its streams, keys and schemas. Never throws. */
  async close(): Promise<void> {
    const services = [...this.services.values()].reverse();
    await Promise.allSettled(services.map((s) => s.stop()));
    await Promise.allSettled(this.spawned.map((s) => s.kill()));
    await Promise.allSettled([
      deleteNamespacedStreams(this.namespace),
      deleteRedisKeys(this.prefix),
      ...this.schemas.map((s) => s.drop()),
    ]);
  }
}
