/** A route target: key = 'deployment:<id>' | 'provider-model:<id>'. */
export interface RouteTarget {
  key: string;
  weight: number;
}

/**
 * Route target selection. The first target of a plan is chosen by smooth weighted round robin over the available
 * targets (nginx's algorithm), so shares are exact over every sum(weights) requests: 100/200 gives 1/3 and 2/3.
 * The rest of the plan is the failover order: the other available targets by descending weight (declaration order
 * on ties), then the fallback. Targets with a weight <= 0 (or not finite) are switched off: never planned.
 * Duplicate keys are merged (weights added).
 */
export class WeightedTargetPicker {
  readonly targets: readonly RouteTarget[];
  private readonly current: Float64Array;
  /** Indexes of the targets by descending weight, declaration order on ties. */
  private readonly byWeight: readonly number[];

  constructor(targets: readonly RouteTarget[]) {
    const merged = new Map<string, number>();
    for (const t of targets) {
      if (!Number.isFinite(t.weight) || t.weight <= 0) continue;
      merged.set(t.key, (merged.get(t.key) ?? 0) + t.weight);
    }
    this.targets = [...merged].map(([key, weight]) => ({ key, weight }));
    this.current = new Float64Array(this.targets.length);
    this.byWeight = this.targets.map((_, i) => i).sort((a, b) => this.targets[b].weight - this.targets[a].weight || a - b);
  }

  /**
   * Order in which to try targets for one request. `available(key)` filters out targets that cannot serve (stopped
   * deployment, no healthy instance, provider with every key cooled down); it is also asked about the fallback.
   */
  plan(available: (key: string) => boolean, fallback?: string): string[] {
    const n = this.targets.length;
    const ok = new Array<boolean>(n);
    let total = 0;
    let best = -1;
    for (let i = 0; i < n; i++) {
      ok[i] = available(this.targets[i].key);
      if (!ok[i]) continue;
      const w = this.targets[i].weight;
      this.current[i] += w;
      total += w;
      if (best < 0 || this.current[i] > this.current[best]) best = i;
    }
    const plan: string[] = [];
    if (best >= 0) {
      this.current[best] -= total;
      plan.push(this.targets[best].key);
      for (const i of this.byWeight) if (ok[i] && i !== best) plan.push(this.targets[i].key);
    }
    if (fallback !== undefined && fallback !== '' && !plan.includes(fallback) && available(fallback)) plan.push(fallback);
    return plan;
  }
}
