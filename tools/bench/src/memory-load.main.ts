// The memory phase's client, run as its own process: opens `streams` streamed chat completions through the target
// at once (an undici Pool with one connection per stream), reads every stream to its end, and samples the target's
// VmRSS (/proc/<pid>/status) with its own open/streaming counts every sampleIntervalMs, before, during and after.
// Usage: node memory-load.main.js '<MemoryLoadSpec JSON>'; prints one MemoryLoadResult JSON line.
import { Pool } from 'undici';
import type { MemoryLoadResult, MemoryLoadSpec, MemoryPhase, MemorySample } from './memory-load.types';
import { readTotalRssKb } from './process-memory.reader';
import { serveJsonChild } from './json-child.helper';

/** A delta or text carrying at least one character: the first generated token (not the empty role chunk). */
const FIRST_TOKEN = /"(?:content|text)":"[^"]/;
const DONE = 'data: [DONE]';
/** Streams are started in slices this far apart over the ramp. */
const RAMP_SLICE_MS = 10;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function load(spec: MemoryLoadSpec): Promise<MemoryLoadResult> {
  const url = new URL(spec.url);
  const pool = new Pool(url.origin, {
    connections: spec.streams,
    pipelining: 1,
    keepAliveTimeout: 60_000,
    headersTimeout: spec.timeoutMs,
    bodyTimeout: spec.timeoutMs,
    connect: { timeout: 10_000 },
  });
  const control = spec.engineControlUrl ? new URL(spec.engineControlUrl) : null;
  const controlPool = control ? new Pool(control.origin, { connections: 1 }) : null;
  const samples: MemorySample[] = [];
  const result: MemoryLoadResult = { samples, started: 0, completed: 0, errors: 0, incomplete: 0, maxOpen: 0, maxStreaming: 0, loadMs: 0 };
  let open = 0;
  let streaming = 0;
  let engineInFlight: number | null = null;
  let polling = false;
  let phase: MemoryPhase = 'idle';
  const t0 = performance.now();

  const pollEngine = () => {
    if (!control || !controlPool || polling) return;
    polling = true;
    controlPool
      .request({ path: control.pathname, method: 'GET' })
      .then(async ({ statusCode, body }) => {
        const json = (await body.json()) as { stats?: { inFlight?: number } };
        if (statusCode === 200 && typeof json.stats?.inFlight === 'number') engineInFlight = json.stats.inFlight;
      })
      .catch(() => undefined)
      .finally(() => {
        polling = false;
      });
  };
  const sample = () => {
    samples.push({ tMs: Math.round(performance.now() - t0), phase, rssKb: readTotalRssKb(spec.pids), open, streaming, engineInFlight });
    pollEngine();
  };
  const ticker = setInterval(sample, spec.sampleIntervalMs);

  pollEngine();
  await sleep(spec.idleMs);
  phase = 'load';
  sample();
  const controller = new AbortController();
  const giveUp = setTimeout(() => controller.abort(new Error(`still open after ${spec.timeoutMs} ms`)), spec.timeoutMs);
  const loadStart = performance.now();

  const one = async () => {
    result.started++;
    result.maxOpen = Math.max(result.maxOpen, ++open);
    let receiving = false;
    try {
      const { statusCode, body } = await pool.request({ path: url.pathname, method: 'POST', headers: spec.headers, body: spec.body, signal: controller.signal });
      if (statusCode !== 200) {
        result.errors++;
        const text = await body.text().catch(() => '');
        result.firstError ??= `HTTP ${statusCode} ${text.replace(/\s+/g, ' ').slice(0, 160)}`;
        return;
      }
      let head = '';
      let tail = '';
      for await (const chunk of body) {
        const text = (chunk as Buffer).toString('utf8');
        if (!receiving) {
          head += text;
          if (FIRST_TOKEN.test(head)) {
            receiving = true;
            result.maxStreaming = Math.max(result.maxStreaming, ++streaming);
          }
        }
        tail = (tail + text).slice(-64);
      }
      if (receiving && tail.includes(DONE)) result.completed++;
      else result.incomplete++;
    } catch (error) {
      result.errors++;
      result.firstError ??= error instanceof Error ? error.message : String(error);
    } finally {
      open--;
      if (receiving) streaming--;
    }
  };

  const running: Promise<void>[] = [];
  const slices = spec.rampMs > 0 ? Math.max(1, Math.ceil(spec.rampMs / RAMP_SLICE_MS)) : 1;
  for (let slice = 0; slice < slices; slice++) {
    const until = Math.round(((slice + 1) * spec.streams) / slices);
    while (running.length < until) running.push(one());
    if (slice + 1 < slices) await sleep(Math.max(0, loadStart + ((slice + 1) * spec.rampMs) / slices - performance.now()));
  }
  await Promise.all(running);
  clearTimeout(giveUp);
  result.loadMs = Math.round(performance.now() - loadStart);

  phase = 'after';
  sample();
  await sleep(spec.settleMs);
  clearInterval(ticker);
  sample();
  await pool.destroy();
  await controlPool?.destroy();
  return result;
}

serveJsonChild('memory-load', load);
