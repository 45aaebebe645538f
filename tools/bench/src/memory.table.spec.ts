import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { planFromEnv } from './bench.plan';
import { MemoryRow, failedMemoryRow } from './memory.stats';
import { formatMemoryConsoleLine, formatMemorySection } from './memory.table';

const row = (over: Partial<MemoryRow> = {}): MemoryRow => ({
  target: 'gateway',
  setting: 'upstream cap 256, the default',
  streams: 1000,
  completed: 1000,
  errors: 0,
  incomplete: 0,
  peakOpen: 1000,
  peakStreaming: 256,
  peakEngineInFlight: 256,
  startedMb: 150,
  idleMb: 160.04,
  peakMb: 175.5,
  afterMb: 170,
  highestMb: 176,
  openAtPeak: 900,
  streamingAtPeak: 256,
  loadSeconds: 13.1,
  samples: 300,
  ...over,
});

describe('memory table', () => {
  const plan = planFromEnv({});

  it('prints one console line with the counts and the RSS', () => {
    assert.equal(
      formatMemoryConsoleLine(row()),
      'memory gateway (upstream cap 256, the default): 1,000/1,000 streams completed, at once: open 1,000, streaming 256, at the engine 256; RSS started 150.0, idle 160.0 → peak 175.5 → after 170.0 MB',
    );
    assert.match(formatMemoryConsoleLine(row({ errors: 2, incomplete: 1, firstError: 'HTTP 502 x' })), /; 2 errors, 1 incomplete \(HTTP 502 x\)$/);
    assert.equal(formatMemoryConsoleLine(failedMemoryRow({ target: 'nginx', setting: 's', streams: 1000 }, 'boom')), 'memory nginx (s): FAILED boom');
  });

  it('tabulates every row with the verdict for the gateway and the first errors', () => {
    const lines = formatMemorySection(
      [
        row({ target: 'nginx', setting: 'master + 1 worker', peakStreaming: 1000, peakEngineInFlight: null, firstError: 'socket hang up', errors: 1 }),
        row(),
        row({ setting: 'upstream cap 1,000', peakStreaming: 1000, peakEngineInFlight: 1000 }),
        failedMemoryRow({ target: 'portkey', setting: 'p', streams: 1000 }, 'a | b'),
      ],
      plan.memory,
      plan.maxTokens,
    );
    const page = lines.join('\n');
    assert.match(page, /^## Memory with 1,000 concurrent streams/);
    assert.match(page, /16 tokens over ~3\.2 s: TTFT and ITL 200 ms/);
    assert.match(page, /\| nginx \| master \+ 1 worker \| 1,000 \/ 1,000 \| 1,000 \| 1,000 \| – \| 150\.0 \| 160\.0 \| 175\.5 \| 170\.0 \| \+16\.0 \| 900 \/ 256 \| 1 \| 13\.1 \|/);
    assert.match(page, /\| portkey \| p \| failed: a \/ b \|/);
    assert.match(page, /- gateway \(upstream cap 256, the default\): highest 176\.0 MB .*only 256 of 1,000 streams/);
    assert.match(page, /- gateway \(upstream cap 1,000\): 1,000 streams at once \(1,000 at the engine\), highest 176\.0 MB .*under the 200 MB target/);
    assert.doesNotMatch(page, /- nginx \(master \+ 1 worker\): /);
    assert.match(page, /- nginx \(master \+ 1 worker\), first error: socket hang up/);
  });

  it('says so when the phase is off', () => {
    const off = planFromEnv({ BENCH_MEMORY_STREAMS: '0' });
    assert.match(formatMemorySection([], off.memory, off.maxTokens).join('\n'), /Not measured in this run \(BENCH_MEMORY_STREAMS=0\)/);
  });
});
