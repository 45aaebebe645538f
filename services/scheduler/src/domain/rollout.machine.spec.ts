import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { commandRollout, decideRollout, newRollout } from './rollout.machine';
import { judge } from './canary.strategy';
import type { RolloutAction, RolloutInstance, RolloutObservation, RolloutState, RolloutStrategyName, TrafficMetrics } from './rollout.types';

/**
 * A small world the rollout acts on: started instances become healthy after `readyAfter` ms (or fail when the
 * revision is broken), and every tick checks the invariants a user relies on.
 */
class World {
  instances: RolloutInstance[] = [];
  events: string[] = [];
  split: Record<string, number> | null = null;
  maxTotal = 0;
  minServing = Infinity;
  private seq = 0;
  constructor(
    public now: number,
    private readonly readyAfter: number,
    private readonly broken: Set<number> = new Set(),
  ) {}

  seed(revision: number, count: number) {
    for (let i = 0; i < count; i++) this.instances.push({ instanceId: `r${revision}-${this.seq++}`, revision, health: 'healthy', active: true, startedAt: this.now });
  }

  apply(actions: RolloutAction[]) {
    for (const a of actions) {
      switch (a.kind) {
        case 'start':
          for (let i = 0; i < a.count; i++) this.instances.push({ instanceId: `r${a.revision}-${this.seq++}`, revision: a.revision, health: 'starting', active: false, startedAt: this.now });
          break;
        case 'activate':
          for (const i of this.instances) if (a.instanceIds.includes(i.instanceId)) i.active = true;
          break;
        case 'deactivate':
          for (const i of this.instances) if (a.instanceIds.includes(i.instanceId)) i.active = false;
          break;
        case 'stop':
          this.instances = this.instances.filter((i) => !a.instanceIds.includes(i.instanceId));
          break;
        case 'split':
          this.split = a.split;
          break;
        case 'event':
          this.events.push(a.type);
          break;
      }
    }
  }

  advance(ms: number) {
    this.now += ms;
    for (const i of this.instances) {
      if (i.health === 'starting' && this.now - i.startedAt >= this.readyAfter) i.health = this.broken.has(i.revision) ? 'failed' : 'healthy';
    }
  }

  observe(extra: Partial<RolloutObservation> = {}): RolloutObservation {
    this.maxTotal = Math.max(this.maxTotal, this.instances.length);
    this.minServing = Math.min(this.minServing, this.instances.filter((i) => i.active && i.health === 'healthy').length);
    return { now: this.now, instances: this.instances.map((i) => ({ ...i })), ...extra };
  }
}

function drive(state: RolloutState, world: World, opts: { ticks?: number; tickMs?: number; metrics?: (s: RolloutState) => Partial<RolloutObservation> } = {}) {
  for (let t = 0; t < (opts.ticks ?? 500); t++) {
    const decision = decideRollout(state, world.observe(opts.metrics?.(state)));
    state = decision.state;
    world.apply(decision.actions);
    if (state.status === 'completed' || state.status === 'rolled-back') return state;
    world.advance(opts.tickMs ?? 1_000);
  }
  return state;
}

const make = (strategy: RolloutStrategyName, replicas: number, params = {}) =>
  newRollout({ id: 'ro1', deploymentId: 'd1', strategy, fromRevision: 1, toRevision: 2, replicas, now: 0, params });

describe('rolling update', () => {
  for (const [replicas, maxSurge, maxUnavailable] of [[1, 1, 0], [3, 1, 0], [4, 2, 0], [5, 1, 1], [4, 0, 2], [10, 3, 1]]) {
    it(`replaces ${replicas} instances with surge ${maxSurge} and unavailable ${maxUnavailable}, within both bounds`, () => {
      const world = new World(0, 3_000);
      world.seed(1, replicas);
      const state = drive(make('rolling', replicas, { rolling: { maxSurge, maxUnavailable } }), world);
      assert.equal(state.status, 'completed');
      assert.deepEqual(world.instances.map((i) => i.revision), Array(replicas).fill(2));
      assert.ok(world.instances.every((i) => i.active && i.health === 'healthy'));
      assert.ok(world.maxTotal <= replicas + maxSurge, `at most ${replicas + maxSurge} instances at once, saw ${world.maxTotal}`);
      assert.ok(world.minServing >= replicas - maxUnavailable, `at least ${replicas - maxUnavailable} serving, saw ${world.minServing}`);
      assert.equal(world.events.at(-1), 'RolloutCompleted');
    });
  }

  it('each new instance is healthy before an old one drains (zero downtime with unavailable 0)', () => {
    const world = new World(0, 5_000);
    world.seed(1, 3);
    drive(make('rolling', 3, { rolling: { maxSurge: 1, maxUnavailable: 0 } }), world);
    assert.equal(world.minServing, 3);
  });

  it('rolls back automatically when a new instance fails, restoring the old revision', () => {
    const world = new World(0, 2_000, new Set([2]));
    world.seed(1, 3);
    const state = drive(make('rolling', 3), world);
    assert.equal(state.status, 'rolled-back');
    assert.match(state.reason ?? '', /failed/);
    assert.deepEqual(world.instances.map((i) => i.revision), [1, 1, 1]);
    assert.ok(world.instances.every((i) => i.active));
    assert.equal(world.minServing, 3, 'the old instances kept serving throughout');
    assert.equal(world.events.at(-1), 'RolloutRolledBack');
  });

  it('rolls back when a new instance never becomes healthy within the ready timeout', () => {
    const world = new World(0, 10_000_000);
    world.seed(1, 2);
    const state = drive(make('rolling', 2, { rolling: { readyTimeoutMs: 30_000 } }), world);
    assert.equal(state.status, 'rolled-back');
    assert.match(state.reason ?? '', /not healthy after 30 s/);
  });

  it('resumes from persisted state mid-way (a restarted scheduler) and still completes', () => {
    const world = new World(0, 3_000);
    world.seed(1, 4);
    let state = make('rolling', 4);
    for (let i = 0; i < 6; i++) {
      const d = decideRollout(state, world.observe());
      state = d.state;
      world.apply(d.actions);
      world.advance(1_000);
    }
    assert.equal(state.status, 'running');
    const persisted = JSON.parse(JSON.stringify(state)) as RolloutState;
    const final = drive(persisted, world);
    assert.equal(final.status, 'completed');
    assert.deepEqual(world.instances.map((i) => i.revision), [2, 2, 2, 2]);
  });
});

describe('blue-green', () => {
  it('brings the full new set up, switches at once, keeps the old set for the window, then stops it', () => {
    const world = new World(0, 3_000);
    world.seed(1, 3);
    let state = make('blue-green', 3, { blueGreen: { rollbackWindowMs: 10_000 } });
    let switchedAt = -1;
    for (let t = 0; t < 100 && state.status === 'running'; t++) {
      const d = decideRollout(state, world.observe());
      state = d.state;
      world.apply(d.actions);
      const activeRevisions = new Set(world.instances.filter((i) => i.active).map((i) => i.revision));
      assert.equal(activeRevisions.size, 1, 'never both revisions in the pool');
      if (switchedAt < 0 && activeRevisions.has(2)) {
        switchedAt = world.now;
        assert.equal(world.instances.filter((i) => i.revision === 1).length, 3, 'old set still running after the switch');
      }
      world.advance(1_000);
    }
    assert.equal(state.status, 'completed');
    assert.ok(switchedAt >= 3_000);
    assert.deepEqual(world.instances.map((i) => i.revision), [2, 2, 2]);
  });

  it('a rollback inside the window switches straight back to the old set', () => {
    const world = new World(0, 1_000);
    world.seed(1, 2);
    let state = make('blue-green', 2);
    for (let t = 0; t < 5; t++) {
      const d = decideRollout(state, world.observe());
      state = d.state;
      world.apply(d.actions);
      world.advance(1_000);
    }
    assert.equal(state.phase, 'standby');
    state = commandRollout(state, 'rollback', world.now).state;
    const d = decideRollout(state, world.observe());
    world.apply(d.actions);
    assert.equal(d.state.status, 'rolled-back', 'the old set was still running: one step');
    assert.deepEqual(world.instances.map((i) => [i.revision, i.active]), [[1, true], [1, true]]);
  });

  it('never switches when the new set fails to come up', () => {
    const world = new World(0, 1_000, new Set([2]));
    world.seed(1, 2);
    const state = drive(make('blue-green', 2), world);
    assert.equal(state.status, 'rolled-back');
    assert.ok(world.instances.every((i) => i.revision === 1 && i.active));
  });
});

describe('canary', () => {
  const good: TrafficMetrics = { count: 100, errorRate: 0.01, p95Ms: 200 };

  it('steps 5 → 25 → 50 → 100% after each bake and replaces the old revision', () => {
    const world = new World(0, 1_000);
    world.seed(1, 4);
    const splits: Array<Record<string, number> | null> = [];
    let state = make('canary', 4, { canary: { bakeMs: 5_000 } });
    for (let t = 0; t < 200 && state.status === 'running'; t++) {
      const d = decideRollout(state, world.observe({ canary: good, baseline: good }));
      state = d.state;
      world.apply(d.actions);
      for (const a of d.actions) if (a.kind === 'split') splits.push(a.split);
      world.advance(1_000);
    }
    assert.equal(state.status, 'completed');
    assert.deepEqual(splits, [{ 2: 0.05, 1: 0.95 }, { 2: 0.25, 1: 0.75 }, { 2: 0.5, 1: 0.5 }, null]);
    assert.deepEqual(world.instances.map((i) => i.revision), [2, 2, 2, 2]);
  });

  it('rolls back automatically on an error-rate regression', () => {
    const world = new World(0, 1_000);
    world.seed(1, 3);
    const state = drive(make('canary', 3, { canary: { bakeMs: 5_000 } }), world, {
      metrics: (s) => ({ canary: s.stepIndex >= 1 ? { count: 50, errorRate: 0.3, p95Ms: 200 } : good, baseline: good }),
    });
    assert.equal(state.status, 'rolled-back');
    assert.match(state.reason ?? '', /error rate 30.0% vs baseline 1.0%/);
    assert.deepEqual(world.instances.map((i) => i.revision), [1, 1, 1]);
    assert.equal(world.split, null);
  });

  it('rolls back on a latency regression', () => {
    const world = new World(0, 1_000);
    world.seed(1, 2);
    const state = drive(make('canary', 2), world, { metrics: () => ({ canary: { count: 50, errorRate: 0, p95Ms: 900 }, baseline: good }) });
    assert.equal(state.status, 'rolled-back');
    assert.match(state.reason ?? '', /p95 900 ms vs baseline 200 ms/);
  });

  it('waits for enough canary requests before judging, up to three bake times', () => {
    const world = new World(0, 0);
    world.seed(1, 2);
    let state = make('canary', 2, { canary: { bakeMs: 10_000, minRequests: 20 } });
    const few: TrafficMetrics = { count: 3, errorRate: 1, p95Ms: 5000 };
    for (let t = 0; t < 25; t++) {
      const d = decideRollout(state, world.observe({ canary: few, baseline: good }));
      state = d.state;
      world.apply(d.actions);
      world.advance(1_000);
    }
    assert.equal(state.status, 'running', 'three bad requests are not evidence');
    assert.equal(state.stepIndex, 0);
  });

  it('judge: no verdict without evidence, regression reasons otherwise', () => {
    const p = make('canary', 1).params.canary;
    assert.equal(judge(undefined, good, p), undefined);
    assert.equal(judge({ count: 5, errorRate: 1 }, good, p), undefined);
    assert.equal(judge({ count: 100, errorRate: 0.05, p95Ms: 250 }, good, p), undefined);
    assert.match(judge({ count: 100, errorRate: 0.07 }, good, p) ?? '', /error rate/);
    assert.match(judge({ count: 100, errorRate: 0, p95Ms: 301 }, good, p) ?? '', /p95/);
    assert.equal(judge({ count: 100, errorRate: 0, p95Ms: 300 }, { count: 100, errorRate: 0, p95Ms: 0 }, p), undefined);
  });
});

describe('manual commands and normalisation', () => {
  it('pause stops all actions, resume continues, finished rollouts refuse commands', () => {
    const world = new World(0, 1_000);
    world.seed(1, 2);
    let state = make('rolling', 2);
    state = commandRollout(state, 'pause', 0).state;
    assert.equal(state.status, 'paused');
    assert.deepEqual(decideRollout(state, world.observe()).actions, []);
    assert.match(commandRollout(state, 'pause', 0).error ?? '', /cannot pause/);
    state = commandRollout(state, 'resume', 0).state;
    assert.equal(drive(state, world).status, 'completed');
    assert.match(commandRollout({ ...state, status: 'completed' }, 'rollback', 0).error ?? '', /already completed/);
  });

  it('normalises canary steps and refuses a surge/unavailable pair that could never move', () => {
    const r = make('canary', 3, { canary: { steps: [50, 0, 5, 5, 120] }, rolling: { maxSurge: 0, maxUnavailable: 0 } });
    assert.deepEqual(r.params.canary.steps, [5, 50, 100]);
    assert.equal(r.params.rolling.maxSurge, 1);
  });
});
