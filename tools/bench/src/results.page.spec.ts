import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { planFromEnv } from './bench.plan';
import { formatResultsPage } from './results.page';
import type { CellResult } from './results.table';

const cell = (target: string, rps: number): CellResult => ({
  target,
  mode: 'non-stream',
  connections: 50,
  requests: rps * 5,
  requestsPerSecond: rps,
  p50Ms: 1,
  p99Ms: 2,
  errors: 0,
});

describe('results page', () => {
  it('names the environment and targets, tabulates, compares and lists what was not measured', () => {
    const page = formatResultsPage(
      [cell('direct', 20000), cell('nginx', 10000)],
      [{ name: 'gateway', reason: 'not built yet' }],
      planFromEnv({}),
      { date: '2026-01-01T00:00:00Z', cpus: '2 × cpu', loadAverage: '0.10', node: 'node v20', wrk: 'wrk 4', targets: { direct: 'engine-sim', nginx: 'nginx 1.22' } },
    );
    assert.match(page, /^# Bench/);
    assert.match(page, /load average 0\.10/);
    assert.match(page, /\| nginx \| nginx 1\.22 \|/);
    assert.match(page, /- nginx, non-stream, 50 conn: 0\.50× direct's req\/s, p50 \+0\.00 ms, p99 \+0\.00 ms/);
    assert.match(page, /- gateway: not built yet/);
    assert.match(page, /## Memory with 1,000 concurrent streams/);
    assert.ok(page.indexOf('## Memory') < page.indexOf('Not measured:'));
  });
});
