import { Injectable } from '@nestjs/common';

/** One dependency a service needs to do its work (NATS, PostgreSQL, Redis…). */
export interface ReadinessCheck {
  readonly name: string;
  /** Resolves true when reachable. Must answer within its own short timeout; a throw counts as not ready. */
  check(): Promise<boolean> | boolean;
  /**
   * Default true: when down, the service is not ready (503). False for a dependency the service can work
   * without for a while (the gateway serves from its mirror while NATS or Redis are away): reported, not fatal.
   */
  readonly required?: boolean;
}

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, 'up' | 'down'>;
  missing: string[];
}

const CHECK_TIMEOUT_MS = 2_000;

/** Modules register their dependencies here at init; GET /readyz asks them all. */
@Injectable()
export class ReadinessRegistry {
  private readonly checks = new Map<string, ReadinessCheck>();

  register(check: ReadinessCheck): void {
    this.checks.set(check.name, check);
  }

  async report(): Promise<ReadinessReport> {
    const entries = await Promise.all(
      [...this.checks.values()].map(async (c) => [c.name, await runCheck(c)] as const),
    );
    const checks: Record<string, 'up' | 'down'> = {};
    const missing: string[] = [];
    let ready = true;
    for (const [name, up] of entries) {
      checks[name] = up ? 'up' : 'down';
      if (!up) {
        missing.push(name);
        if (this.checks.get(name)?.required !== false) ready = false;
      }
    }
    return { ready, checks, missing };
  }
}

async function runCheck(check: ReadinessCheck): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), CHECK_TIMEOUT_MS);
    });
    return await Promise.race([Promise.resolve(check.check()), timeout]);
  } catch {
    return false;
  } finally {
    if (timer) clearTimeout(timer);
  }
}
