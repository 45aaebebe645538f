// The create/edit deployment forms: reading the fields (seed 001's wording) into the registry's request bodies,
// with the form's own checks so obvious mistakes are caught before the round trip. Pure.

export type FieldReader = (name: string) => string | null;

export interface FormResult<T> {
  body: T | null;
  errors: Record<string, string>;
}

export const ENVIRONMENTS = ['development', 'staging', 'production'] as const;
export const LB_STRATEGIES = [
  ['round-robin', 'Round Robin'],
  ['least-connections', 'Least Connections'],
  ['ip-hash', 'IP Hash'],
  ['weighted-round-robin', 'Weighted Round Robin'],
  ['failover', 'Failover'],
] as const;
export const GPU_TYPES = ['NVIDIA T4', 'NVIDIA V100', 'NVIDIA A100', 'NVIDIA H100', 'NVIDIA L4'] as const;
export const UPDATE_STRATEGIES = [
  ['rolling', 'Rolling Update'],
  ['blue-green', 'Blue-Green'],
  ['canary', 'Canary'],
] as const;

type Json = Record<string, unknown>;

class Reader {
  readonly errors: Record<string, string> = {};
  constructor(private readonly get: FieldReader) {}

  text(name: string, label: string, opts: { required?: boolean; max?: number } = {}): string | undefined {
    const v = (this.get(name) ?? '').trim();
    if (!v) {
      if (opts.required) this.errors[name] = `${label} is required`;
      return undefined;
    }
    if (opts.max && v.length > opts.max) this.errors[name] = `${label} must be at most ${opts.max} characters`;
    return v;
  }

  num(name: string, label: string, opts: { required?: boolean; min?: number; max?: number; int?: boolean } = {}): number | undefined {
    const raw = (this.get(name) ?? '').trim();
    if (!raw) {
      if (opts.required) this.errors[name] = `${label} is required`;
      return undefined;
    }
    const n = Number(raw);
    if (!Number.isFinite(n)) this.errors[name] = `${label} must be a number`;
    else if (opts.int && !Number.isInteger(n)) this.errors[name] = `${label} must be a whole number`;
    else if (opts.min !== undefined && n < opts.min) this.errors[name] = `${label} must be at least ${opts.min}`;
    else if (opts.max !== undefined && n > opts.max) this.errors[name] = `${label} must be at most ${opts.max}`;
    return n;
  }

  bool(name: string): boolean {
    const v = this.get(name);
    return v === 'on' || v === 'true' || v === '1';
  }
}

/** "KEY=value" lines into an object; blank lines and "#" comments are skipped. */
export function parseEnvLines(text: string): { env: Record<string, string>; error: string | null } {
  const env: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) return { env, error: `line ${i + 1}: write NAME=value` };
    const key = line.slice(0, eq).trim();
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,127}$/.test(key)) return { env, error: `line ${i + 1}: "${key.slice(0, 40)}" is not a variable name` };
    env[key] = line.slice(eq + 1).trim();
  }
  return { env, error: null };
}

export function envToLines(env: Record<string, string> | null | undefined): string {
  return Object.entries(env ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join('\n');
}

/** One endpoint URL per line; "url weight" sets a weight. */
export function parseEndpointLines(text: string): { endpoints: Array<{ url: string; weight: number }>; error: string | null } {
  const endpoints: Array<{ url: string; weight: number }> = [];
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  for (const [i, line] of lines.entries()) {
    const [url, weightText] = line.split(/\s+/);
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return { endpoints, error: `line ${i + 1}: not a URL` };
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return { endpoints, error: `line ${i + 1}: must be an http(s) URL` };
    const weight = weightText === undefined ? 100 : Number(weightText);
    if (!Number.isInteger(weight) || weight < 0 || weight > 10_000) return { endpoints, error: `line ${i + 1}: weight must be 0..10000` };
    endpoints.push({ url, weight });
  }
  return { endpoints, error: null };
}

function readShared(r: Reader, get: FieldReader) {
  const description = r.text('description', 'Description', { max: 4000 });
  const environment = r.text('environment', 'Environment', { required: true });
  if (environment && !(ENVIRONMENTS as readonly string[]).includes(environment)) r.errors.environment = 'Environment must be development, staging or production';
  const minReplicas = r.num('minReplicas', 'Min Replicas', { required: true, min: 0, max: 1000, int: true });
  const maxReplicas = r.num('maxReplicas', 'Max Replicas', { required: true, min: 1, max: 1000, int: true });
  if (minReplicas !== undefined && maxReplicas !== undefined && minReplicas > maxReplicas) r.errors.maxReplicas = 'Max Replicas must be at least Min Replicas';
  const autoscaling = {
    enabled: r.bool('autoscalingEnabled'),
    targetCpuPercent: r.num('targetCpuPercent', 'Target CPU Utilization (%)', { min: 1, max: 100 }) ?? null,
    targetMemoryPercent: r.num('targetMemoryPercent', 'Target Memory Utilization (%)', { min: 1, max: 100 }) ?? null,
    targetGpuPercent: r.num('targetGpuPercent', 'Target GPU Utilization (%)', { min: 1, max: 100 }) ?? null,
  };
  const strategy = r.text('lbStrategy', 'Service Type') ?? 'round-robin';
  if (!LB_STRATEGIES.some(([v]) => v === strategy)) r.errors.lbStrategy = 'Service Type is not a known load-balancing algorithm';
  const loadBalancer = { strategy, stickySessions: r.bool('stickySessions') };
  const healthPath = r.text('healthCheckPath', 'Health Check URL', { max: 256 }) ?? '/health';
  if (!healthPath.startsWith('/')) r.errors.healthCheckPath = 'Health Check URL must be a path starting with "/" (e.g. /health)';
  const healthCheck = {
    path: healthPath,
    intervalSeconds: r.num('healthCheckIntervalSeconds', 'Health Check Interval (seconds)', { min: 1, max: 3600, int: true }) ?? 30,
  };
  const cpuCores = r.num('cpuCores', 'CPU Cores', { required: true, min: 0.1, max: 1024 });
  const memoryGb = r.num('memoryGb', 'Memory (GB)', { required: true, min: 0.1, max: 65536 });
  const gpuCount = r.num('gpuCount', 'GPU Count', { min: 0, max: 64, int: true }) ?? 0;
  const gpuType = r.text('gpuType', 'GPU Type', { max: 64 }) ?? null;
  if (gpuCount > 0 && !gpuType) r.errors.gpuType = 'GPU Type is required when GPU Count > 0';
  const envParsed = parseEnvLines(get('env') ?? '');
  if (envParsed.error) r.errors.env = `Environment variables: ${envParsed.error}`;
  return {
    description,
    environment,
    minReplicas,
    maxReplicas,
    autoscaling,
    loadBalancer,
    healthCheck,
    resources: { cpuCores, memoryGb, gpuCount, gpuType: gpuCount > 0 ? gpuType : null },
    env: envParsed.env,
  };
}

/** The create-deployment body (POST /deployments). */
export function createDeploymentBody(get: FieldReader): FormResult<Json> {
  const r = new Reader(get);
  const name = r.text('name', 'Deployment Name', { required: true, max: 128 });
  if (name && !/^[A-Za-z0-9][A-Za-z0-9._:/-]*$/.test(name)) r.errors.name = 'Deployment Name: letters, digits, ".", "_", "-" (e.g. bert-api-v1)';
  const modelId = r.text('modelId', 'Model ID', { required: true, max: 128 });
  const modelVersion = r.text('modelVersion', 'Model Version', { required: true, max: 128 });
  if (modelVersion && /\s/.test(modelVersion)) r.errors.modelVersion = 'Model Version must not contain spaces';
  const shared = readShared(r, get);
  const driver = r.text('driver', 'Runtime') ?? 'static';
  if (!['static', 'process', 'kubernetes'].includes(driver)) r.errors.driver = 'Runtime must be static, process or kubernetes';
  const ep = parseEndpointLines(get('endpoints') ?? '');
  if (ep.error) r.errors.endpoints = `Endpoints: ${ep.error}`;
  else if (driver === 'static' && ep.endpoints.length === 0) r.errors.endpoints = 'Endpoints: a static deployment needs at least one endpoint URL';
  const updateStrategy = r.text('updateStrategy', 'Deployment Strategy') ?? 'rolling';
  if (!UPDATE_STRATEGIES.some(([v]) => v === updateStrategy)) r.errors.updateStrategy = 'Deployment Strategy must be Rolling Update, Blue-Green or Canary';
  if (Object.keys(r.errors).length) return { body: null, errors: r.errors };
  const body: Json = {
    name,
    modelId,
    modelVersion,
    environment: shared.environment,
    resources: shared.resources,
    minReplicas: shared.minReplicas,
    maxReplicas: shared.maxReplicas,
    autoscaling: shared.autoscaling,
    loadBalancer: shared.loadBalancer,
    healthCheck: shared.healthCheck,
    updateStrategy: { strategy: updateStrategy, parameters: {} },
    runtime: { driver, settings: {} },
    env: shared.env,
    endpoints: ep.endpoints.map((e) => ({ ...e, priority: 'primary' })),
    createRoute: r.bool('createRoute'),
  };
  if (shared.description) body.description = shared.description;
  return { body, errors: {} };
}

export interface EditableDeployment {
  description: string | null;
  environment: string;
  minReplicas: number;
  maxReplicas: number;
  resources: { cpuCores: number; memoryGb: number; gpuCount?: number; gpuType?: string | null };
  autoscaling: { enabled: boolean; targetCpuPercent: number | null; targetMemoryPercent: number | null; targetGpuPercent: number | null };
  loadBalancer: { strategy: string; stickySessions: boolean };
  healthCheck: { path: string; intervalSeconds: number };
  env: Record<string, string>;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The PATCH body: only the fields that changed (name and model cannot be edited here: the API answers 422). */
export function editDeploymentPatch(get: FieldReader, current: EditableDeployment): FormResult<Json> {
  const r = new Reader(get);
  const s = readShared(r, get);
  if (Object.keys(r.errors).length) return { body: null, errors: r.errors };
  const patch: Json = {};
  if ((s.description ?? '') !== (current.description ?? '')) patch.description = s.description ?? '';
  if (s.environment !== current.environment) patch.environment = s.environment;
  if (s.minReplicas !== current.minReplicas) patch.minReplicas = s.minReplicas;
  if (s.maxReplicas !== current.maxReplicas) patch.maxReplicas = s.maxReplicas;
  const curAuto = {
    enabled: current.autoscaling.enabled,
    targetCpuPercent: current.autoscaling.targetCpuPercent,
    targetMemoryPercent: current.autoscaling.targetMemoryPercent,
    targetGpuPercent: current.autoscaling.targetGpuPercent,
  };
  if (!same(s.autoscaling, curAuto)) patch.autoscaling = s.autoscaling;
  if (!same(s.loadBalancer, { strategy: current.loadBalancer.strategy, stickySessions: current.loadBalancer.stickySessions })) patch.loadBalancer = s.loadBalancer;
  if (!same(s.healthCheck, { path: current.healthCheck.path, intervalSeconds: current.healthCheck.intervalSeconds })) patch.healthCheck = s.healthCheck;
  const curRes = {
    cpuCores: current.resources.cpuCores,
    memoryGb: current.resources.memoryGb,
    gpuCount: current.resources.gpuCount ?? 0,
    gpuType: (current.resources.gpuCount ?? 0) > 0 ? (current.resources.gpuType ?? null) : null,
  };
  if (!same(s.resources, curRes)) patch.resources = s.resources;
  if (!same(s.env, current.env ?? {})) patch.env = s.env;
  return { body: patch, errors: {} };
}
