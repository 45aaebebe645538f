// `npm run bench`: starts engine-sim with zero delays and measures, side by side, direct access, nginx, Portkey's
// gateway and the Switchyard gateway (when built), then writes tools/bench/results/latest.md.
import { execFileSync } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { SpawnedEngineSim, spawnEngineSim } from '@switchyard/engine-sim';
import { BenchPlan, planFromEnv } from './bench.plan';
import { benchTarget, warmUp } from './bench.runner';
import { BenchTarget, JSON_HEADERS } from './bench.target';
import { GATEWAY_NOT_BUILT, gatewayUpstreamConnections, startGateway } from './gateway.target';
import { measureMemory } from './memory.phase';
import { MemoryRow, failedMemoryRow } from './memory.stats';
import { formatMemoryConsoleLine } from './memory.table';
import { startNginx } from './nginx.target';
import { startPortkey } from './portkey.target';
import { readTotalRssKb } from './process-memory.reader';
import { RunEnvironment, Unavailable, formatResultsPage } from './results.page';
import { CellResult, formatConsoleLine } from './results.table';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const RESULTS = path.join(__dirname, '..', 'results', 'latest.md');

/** Warm-up of the gateway restarted for the memory phase (its first start had its cells as warm-up). */
const MEMORY_RESTART_WARMUP_SECONDS = 2;

const say = (line: string) => process.stdout.write(`[bench] ${line}\n`);

function wrkVersion(): string {
  try {
    execFileSync('wrk', ['-v'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    // wrk -v prints its version and exits 1
    const out = String((error as { stdout?: string }).stdout ?? '');
    const match = /wrk [^\s]+/.exec(out);
    if (match) return match[0];
    if ((error as { code?: string }).code === 'ENOENT') throw new Error('wrk is not installed: apt-get install -y wrk');
  }
  return 'wrk';
}

async function startTarget(name: string, plan: BenchPlan, engine: SpawnedEngineSim, workDir: string): Promise<BenchTarget> {
  switch (name) {
    case 'direct':
      return {
        name,
        description: `engine-sim (node ${process.version}, node:http, separate process) on :${engine.port}`,
        baseUrl: engine.url,
        headers: { ...JSON_HEADERS },
        model: plan.model,
        processIds: () => [engine.pid],
        stop: async () => undefined,
      };
    case 'nginx':
      return startNginx(engine.port, workDir, plan.model);
    case 'portkey':
      return startPortkey(ROOT, engine.port, plan.model);
    case 'gateway':
      return startGateway({ root: ROOT, engineUrl: engine.url, model: plan.model, env: process.env });
    default:
      throw new Error(`unknown target ${name}`);
  }
}

/** The target's RSS now (kB), when the bench started it; for the memory rows' "started" column. */
function startedRssKb(target: BenchTarget): number | null {
  const pids = target.processIds?.() ?? [];
  return pids.length > 0 ? readTotalRssKb(pids) : null;
}

/** What the memory rows of a target name as its configuration. */
function memorySetting(name: string): string {
  switch (name) {
    case 'direct':
      return 'engine-sim alone, 1 process';
    case 'nginx':
      return 'master + 1 worker, no upstream connection cap';
    case 'portkey':
      return '1 process, no upstream connection cap configured';
    case 'gateway': {
      const cap = gatewayUpstreamConnections(process.env);
      return `upstream cap ${cap.toLocaleString('en-US')}${process.env.GATEWAY_UPSTREAM_CONNECTIONS ? ', GATEWAY_UPSTREAM_CONNECTIONS' : ', the default'}`;
    }
    default:
      return name;
  }
}

async function main(): Promise<void> {
  const plan = planFromEnv(process.env);
  const env: RunEnvironment = {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    cpus: `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}`,
    loadAverage: loadavg()[0].toFixed(2),
    node: `node ${process.version}`,
    wrk: wrkVersion(),
    targets: {},
  };
  const workDir = await mkdtemp(path.join(tmpdir(), 'switchyard-bench-'));
  const engine = await spawnEngineSim({ knobs: { model: plan.model, ttftMs: 0, itlMs: 0, defaultMaxTokens: plan.maxTokens } });
  say(`engine-sim on ${engine.url} (pid ${engine.pid}); ${plan.targets.join(', ')}; ${plan.seconds} s per cell`);
  const cells: CellResult[] = [];
  const memory: MemoryRow[] = [];
  const unavailable: Unavailable[] = [];
  const measureMemoryOf = async (target: BenchTarget, setting: string, startedKb: number | null) => {
    const row = await measureMemory(target, { setting, startedKb }, { plan, engine });
    say(formatMemoryConsoleLine(row));
    memory.push(row);
  };
  let current: BenchTarget | null = null;
  const cleanup = async () => {
    await current?.stop().catch(() => undefined);
    await engine.kill().catch(() => undefined);
    await rm(workDir, { recursive: true, force: true }).catch(() => undefined);
  };
  const onSignal = () => {
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    for (const name of plan.targets) {
      try {
        current = await startTarget(name, plan, engine, workDir);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        say(`${name}: ${reason}`);
        unavailable.push({ name, reason });
        continue;
      }
      const startedKb = startedRssKb(current);
      env.targets[name] = current.description;
      say(`${name}: ${current.description}`);
      cells.push(...(await benchTarget(current, { plan, workDir, onCell: (cell) => say(formatConsoleLine(cell)) })));
      if (plan.memory.streams > 0) await measureMemoryOf(current, memorySetting(name), startedKb);
      await current.stop();
      current = null;
      // The gateway caps its upstream connections: once more with a cap that lets every stream reach the engine.
      const cap = plan.memory.gatewayUpstreamConnections;
      if (name === 'gateway' && plan.memory.streams > 0 && cap > 0 && cap !== gatewayUpstreamConnections(process.env) && !process.env.BENCH_GATEWAY_URL) {
        const setting = `upstream cap ${cap.toLocaleString('en-US')}, GATEWAY_UPSTREAM_CONNECTIONS, restarted`;
        try {
          current = await startGateway({ root: ROOT, engineUrl: engine.url, model: plan.model, env: process.env, upstreamConnections: cap });
          const restartedKb = startedRssKb(current);
          env.targets['gateway, restarted for memory'] = current.description;
          await warmUp(current, plan, workDir, MEMORY_RESTART_WARMUP_SECONDS);
          await measureMemoryOf(current, setting, restartedKb);
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          say(`gateway (${setting}): ${reason}`);
          memory.push(failedMemoryRow({ target: name, setting, streams: plan.memory.streams }, reason));
        } finally {
          await current?.stop();
          current = null;
        }
      }
    }
  } finally {
    await cleanup();
  }
  const page = formatResultsPage(cells, unavailable, plan, env, memory);
  await mkdir(path.dirname(RESULTS), { recursive: true });
  await writeFile(RESULTS, page);
  process.stdout.write('\n' + page + '\n');
  say(`written to ${path.relative(ROOT, RESULTS)}`);
  if (unavailable.some((u) => u.name === 'gateway' && u.reason === GATEWAY_NOT_BUILT)) say('gateway: not built yet');
}

main().catch((error: unknown) => {
  process.stderr.write(`[bench] failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
