// The retarget form: current targets (weight, remove) plus one new target, into the registry's retarget body. Pure.
import type { FieldReader } from './deployment-form';
import { percentShares } from './format';
import type { RouteTarget } from './views';

export interface TargetInput {
  kind: 'deployment' | 'provider-model';
  deploymentId?: string;
  providerModelId?: string;
  weight: number;
  priority?: number | null;
}

const UUIDISH = /^[0-9a-fA-F-]{8,64}$/;
const MAX_WEIGHT = 1_000_000;

function targetRef(t: Pick<RouteTarget, 'kind' | 'deploymentId' | 'providerModelId'>): string {
  return t.kind === 'deployment' ? `deployment:${t.deploymentId ?? ''}` : `provider-model:${t.providerModelId ?? ''}`;
}

function parseRef(ref: string): Omit<TargetInput, 'weight'> | null {
  const [kind, id] = ref.split(':');
  if (!id || !UUIDISH.test(id)) return null;
  if (kind === 'deployment') return { kind, deploymentId: id };
  if (kind === 'provider-model') return { kind, providerModelId: id };
  return null;
}

function parseWeight(raw: string | null): number | null {
  const n = Number((raw ?? '').trim());
  return raw !== null && raw.trim() !== '' && Number.isInteger(n) && n >= 0 && n <= MAX_WEIGHT ? n : null;
}

/** Reads `t.<i>.ref`, `t.<i>.weight`, `t.<i>.remove` for i < count, and `new.ref` / `new.weight`. */
export function retargetBody(get: FieldReader, count: number): { body: { targets: TargetInput[] } | null; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const targets: TargetInput[] = [];
  const seen = new Set<string>();
  const n = Math.min(Math.max(0, Math.floor(count)), 50);
  for (let i = 0; i < n; i++) {
    if (get(`t.${i}.remove`) === 'on') continue;
    const ref = parseRef(get(`t.${i}.ref`) ?? '');
    const weight = parseWeight(get(`t.${i}.weight`));
    if (!ref) {
      errors[`t.${i}.ref`] = `target ${i + 1}: unknown target`;
      continue;
    }
    if (weight === null) {
      errors[`t.${i}.weight`] = `target ${i + 1}: weight must be a whole number 0..${MAX_WEIGHT}`;
      continue;
    }
    const prio = (get(`t.${i}.priority`) ?? '').trim();
    const priority = prio ? Number(prio) : null;
    if (priority !== null && (!Number.isInteger(priority) || priority < 1 || priority > 1000)) errors[`t.${i}.priority`] = `target ${i + 1}: priority must be 1..1000`;
    seen.add(targetRef({ kind: ref.kind, deploymentId: ref.deploymentId, providerModelId: ref.providerModelId }));
    targets.push({ ...ref, weight, priority });
  }
  const newRef = (get('new.ref') ?? '').trim();
  if (newRef) {
    const ref = parseRef(newRef);
    const weight = parseWeight(get('new.weight') ?? '100');
    if (!ref) errors['new.ref'] = 'new target: choose a deployment or provider model';
    else if (weight === null) errors['new.weight'] = `new target: weight must be a whole number 0..${MAX_WEIGHT}`;
    else if (seen.has(newRef)) errors['new.ref'] = 'new target: already a target of this route';
    else targets.push({ ...ref, weight, priority: null });
  }
  if (!Object.keys(errors).length && targets.length === 0) errors.targets = 'a route needs at least one target';
  if (Object.keys(errors).length) return { body: null, errors };
  return { body: { targets }, errors };
}

export { targetRef };

/** The share each target gets (percent, one decimal, summing to 100); weights of 0 get 0. */
export function targetShares(targets: readonly Pick<RouteTarget, 'weight'>[]): number[] {
  return percentShares(targets.map((t) => t.weight));
}
