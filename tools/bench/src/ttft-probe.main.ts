// A streaming client run as its own process: N keep-alive connections (undici Pool) each sending the same streamed
// completion in a paced loop for a while, recording time to the first content token and to [DONE].
// Usage: node -r @swc-node/register ttft-probe.main.ts '<TtftProbeSpec JSON>'; prints one TtftProbeResult JSON line.
import { Pool } from 'undici';
import { summarize } from './latency.stats';
import type { TtftProbeResult, TtftProbeSpec } from './ttft-probe.types';
import { serveJsonChild } from './json-child.helper';

/** A delta or text carrying at least one character: the first generated token (not the empty role chunk). */
const FIRST_TOKEN = /"(?:content|text)":"[^"]/;
const DONE = 'data: [DONE]';
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function probe(spec: TtftProbeSpec): Promise<TtftProbeResult> {
  const url = new URL(spec.url);
  const pool = new Pool(url.origin, { connections: spec.connections, pipelining: 1, keepAliveTimeout: 60_000 });
  const ttfts: number[] = [];
  const totals: number[] = [];
  let errors = 0;
  let incomplete = 0;
  if (spec.delayMs > 0) await sleep(spec.delayMs);
  const started = performance.now();
  const deadline = started + spec.durationMs;
  const worker = async () => {
    while (performance.now() < deadline) {
      if (spec.intervalMs > 0 && performance.now() > started) await sleep(spec.intervalMs);
      const t0 = performance.now();
      try {
        const { statusCode, body } = await pool.request({ path: url.pathname, method: 'POST', headers: spec.headers, body: spec.body });
        if (statusCode !== 200) {
          errors++;
          await body.dump();
          continue;
        }
        let head = '';
        let tail = '';
        let ttft = -1;
        for await (const chunk of body) {
          const text = (chunk as Buffer).toString('utf8');
          if (ttft < 0) {
            head += text;
            if (FIRST_TOKEN.test(head)) ttft = performance.now() - t0;
          }
          tail = (tail + text).slice(-64);
        }
        if (ttft < 0 || !tail.includes(DONE)) {
          incomplete++;
          continue;
        }
        ttfts.push(ttft);
        totals.push(performance.now() - t0);
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: spec.connections }, worker));
  const elapsed = (performance.now() - started) / 1000;
  await pool.close();
  return { requests: totals.length, requestsPerSecond: totals.length / elapsed, errors, incomplete, ttft: summarize(ttfts), total: summarize(totals) };
}

serveJsonChild('ttft-probe', probe);
