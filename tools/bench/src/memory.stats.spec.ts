import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { MemoryLoadResult, MemorySample } from './memory-load.types';
import { failedMemoryRow, heldAllStreams, memoryVerdict, summarizeMemory } from './memory.stats';

const MB = 1e6 / 1024; // kB per MB (10^6 bytes)
const s = (tMs: number, phase: MemorySample['phase'], mb: number | null, open = 0, streaming = 0, engineInFlight: number | null = null): MemorySample => ({
  tMs,
  phase,
  rssKb: mb === null ? null : mb * MB,
  open,
  streaming,
  engineInFlight,
});

const result = (samples: MemorySample[], over: Partial<MemoryLoadResult> = {}): MemoryLoadResult => ({
  samples,
  started: 1000,
  completed: 1000,
  errors: 0,
  incomplete: 0,
  maxOpen: 1000,
  maxStreaming: 1000,
  loadMs: 4200,
  ...over,
});

const label = { target: 'gateway', setting: 'upstream cap 1,000', streams: 1000, startedKb: 100 * MB };

describe('memory summary', () => {
  const samples = [
    s(0, 'idle', 120),
    s(50, 'idle', 130),
    s(100, 'idle', 110, 0, 0, 0),
    s(150, 'load', 131, 0, 0, 0), // the first load sample: no stream started yet
    s(200, 'load', 150, 400, 200, 380),
    s(250, 'load', 180, 1000, 990, 1000),
    s(300, 'load', 170, 600, 600, 610),
    s(350, 'after', 175, 0, 0, 0),
    s(400, 'after', 160, 0, 0, 0),
  ];

  it('reports started, idle (median), peak while streams were open, after (last) and highest', () => {
    const row = summarizeMemory(result(samples), label);
    assert.equal(row.startedMb?.toFixed(3), '100.000');
    assert.equal(row.idleMb?.toFixed(3), '120.000');
    assert.equal(row.peakMb?.toFixed(3), '180.000');
    assert.equal(row.afterMb?.toFixed(3), '160.000');
    assert.equal(row.highestMb?.toFixed(3), '180.000');
    assert.equal(row.openAtPeak, 1000);
    assert.equal(row.streamingAtPeak, 990);
    assert.equal(row.peakEngineInFlight, 1000);
    assert.equal(row.peakOpen, 1000);
    assert.equal(row.peakStreaming, 1000);
    assert.equal(row.loadSeconds, 4.2);
    assert.equal(row.samples, samples.length);
    assert.equal(row.target, 'gateway');
    assert.equal('startedKb' in row, false);
  });

  it('keeps the peak to samples with streams open, but the highest sees RSS that grows after them', () => {
    const row = summarizeMemory(result([s(0, 'idle', 100), s(50, 'load', 300, 0, 0), s(100, 'load', 150, 10, 10), s(150, 'after', 210), s(200, 'after', 205)]), label);
    assert.equal(row.peakMb?.toFixed(0), '150');
    assert.equal(row.highestMb?.toFixed(0), '300');
    assert.equal(row.afterMb?.toFixed(0), '205');
  });

  it('skips unreadable samples and says null when there is nothing to read', () => {
    const row = summarizeMemory(result([s(0, 'idle', null), s(50, 'load', null, 5, 5), s(100, 'after', null)]), { ...label, startedKb: null });
    assert.equal(row.startedMb, null);
    assert.equal(row.idleMb, null);
    assert.equal(row.peakMb, null);
    assert.equal(row.afterMb, null);
    assert.equal(row.highestMb, null);
    assert.equal(row.openAtPeak, null);
    assert.equal(row.peakEngineInFlight, null);
    assert.match(memoryVerdict(row), /no RSS sample could be read/);
  });

  it('takes the mean of the two middle idle samples when their number is even', () => {
    const row = summarizeMemory(result([s(0, 'idle', 100), s(50, 'idle', 110), s(100, 'idle', 130), s(150, 'idle', 500)]), label);
    assert.equal(row.idleMb?.toFixed(0), '120');
  });

  it('passes the first error on', () => {
    assert.equal(summarizeMemory(result(samples, { firstError: 'HTTP 503 busy' }), label).firstError, 'HTTP 503 busy');
    assert.equal('firstError' in summarizeMemory(result(samples), label), false);
  });
});

describe('memory verdict', () => {
  const held = summarizeMemory(
    result([s(0, 'idle', 120), s(50, 'load', 180, 1000, 1000, 1000), s(100, 'after', 150)]),
    label,
  );

  it('says under or over the 200 MB target when every stream was open end to end at once', () => {
    assert.equal(heldAllStreams(held), true);
    assert.match(memoryVerdict(held), /^gateway \(upstream cap 1,000\): 1,000 streams at once \(1,000 at the engine\), highest 180\.0 MB .*: under the 200 MB target$/);
    assert.match(memoryVerdict(held, 150), /OVER the 150 MB target/);
  });

  it('refuses to call it a test of the target when the streams were not all open at once or did not all complete', () => {
    const capped = { ...held, peakStreaming: 256 };
    assert.equal(heldAllStreams(capped), false);
    assert.match(memoryVerdict(capped), /only 256 of 1,000 streams were streaming at once .*not a test of "200 MB with 1,000 concurrent streams"/);
    const lost = { ...held, completed: 999 };
    assert.equal(heldAllStreams(lost), false);
    assert.match(memoryVerdict(lost), /999 completed: not a test/);
  });

  it('names a phase that did not run', () => {
    const failed = failedMemoryRow(label, 'client crashed');
    assert.equal(heldAllStreams(failed), false);
    assert.equal(failed.startedMb?.toFixed(0), '100');
    assert.equal(memoryVerdict(failed), 'gateway (upstream cap 1,000): not measured (client crashed)');
  });
});
