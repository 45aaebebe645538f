import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CellResult, compareToBaseline, formatConsoleLine, formatMarkdownTable, ratio } from './results.table';

const cell = (target: string, rps: number, p50: number, p99: number, extra: Partial<CellResult> = {}): CellResult => ({
  target,
  mode: 'non-stream',
  connections: 50,
  requests: rps * 5,
  requestsPerSecond: rps,
  p50Ms: p50,
  p99Ms: p99,
  errors: 0,
  ...extra,
});

describe('results table', () => {
  it('compares each cell with direct at the same mode and connections', () => {
    const direct = cell('direct', 20000, 1, 4);
    const nginx = cell('nginx', 10000, 2.5, 9);
    const other = cell('nginx', 5000, 0.2, 1, { connections: 1 });
    const comparisons = compareToBaseline([direct, nginx, other]);
    assert.deepEqual(comparisons.get(nginx), { throughputRatio: 0.5, addedP50Ms: 1.5, addedP99Ms: 5 });
    assert.equal(comparisons.has(direct), false);
    assert.equal(comparisons.has(other), false, 'no direct row at 1 connection');
  });

  it('writes a markdown row per cell, failures included', () => {
    const table = formatMarkdownTable([
      cell('direct', 20000, 1, 4),
      cell('portkey', 4000, 12.25, 40, { mode: 'stream', ttftP50Ms: 11, ttftP99Ms: 30 }),
      cell('nginx', 10000, 2.5, 9),
      cell('gateway', 0, 0, 0, { failure: 'not | built' }),
    ]);
    const lines = table.trim().split('\n');
    assert.equal(lines.length, 6);
    assert.match(lines[2], /^\| direct \| non-stream \| 50 \| 20,000 \| 1\.00 \| 4\.00 \| – \| – \| 0 \| 1\.00× \| – \|$/);
    assert.match(lines[3], /\| portkey \| stream \| 50 \| 4,000 \| 12\.3 \| 40\.0 \| 11\.0 \| 30\.0 \|/);
    assert.match(lines[4], /\| 0\.50× \| \+1\.50 \/ \+5\.00 \|$/);
    assert.match(lines[5], /failed: not \/ built/);
  });

  it('writes ratios with two significant digits below 0.1', () => {
    assert.equal(ratio(0.5), '0.50×');
    assert.equal(ratio(0.0412), '0.041×');
    assert.equal(ratio(0.00333), '0.0033×');
  });

  it('prints one console line per cell', () => {
    assert.match(formatConsoleLine(cell('direct', 20000, 1, 4)), /direct\s+non-stream c=50\s+20,000 req\/s\s+p50 1\.00 p99 4\.00 ms\s+errors 0/);
    assert.match(formatConsoleLine(cell('x', 0, 0, 0, { failure: 'boom' })), /FAILED: boom/);
  });
});
