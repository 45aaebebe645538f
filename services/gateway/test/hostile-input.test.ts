import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import type { EngineSimHandle } from '@switchyard/engine-sim';
import { deploymentTarget } from './support/registry-world';
import { member, startHarness, startSims, type Harness } from './support/gateway-harness';
import { bearer, chatBody, post } from './support/http-client';

const BODY_LIMIT = 256 * 1024;

/** Deterministic pseudo-random generator for reproducible fuzzing. */
function rng(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
}

function fuzzBodies(n: number): Array<string | Uint8Array> {
  const r = rng(42);
  const values: unknown[] = [null, true, 1, -1, 1.5, 'x', '', [], {}, [1], { a: 1 }, 'sim', '\u0000', 'é', 1e308];
  const fields = ['model', 'messages', 'stream', 'max_tokens', 'temperature', 'n', 'user', 'stream_options', 'stop', 'tools', 'prompt', 'input'];
  const out: Array<string | Uint8Array> = [];
  for (let i = 0; i < n; i++) {
    const kind = i % 5;
    if (kind === 0) {
      // wrong types for known fields
      const body: Record<string, unknown> = { model: 'ok', messages: [{ role: 'user', content: 'hi' }] };
      const f = fields[Math.floor(r() * fields.length)];
      body[f] = values[Math.floor(r() * values.length)];
      if (r() < 0.3) delete body.model;
      out.push(JSON.stringify(body));
    } else if (kind === 1) {
      // truncated / malformed JSON
      const s = chatBody('ok');
      out.push(s.slice(0, Math.floor(r() * s.length)));
    } else if (kind === 2) {
      // random bytes, often invalid UTF-8
      out.push(new Uint8Array(Array.from({ length: 1 + Math.floor(r() * 64) }, () => Math.floor(r() * 256))));
    } else if (kind === 3) {
      // odd JSON roots
      out.push(JSON.stringify(values[Math.floor(r() * values.length)]));
    } else {
      // messages of the wrong shape
      out.push(JSON.stringify({ model: 'ok', messages: [values[Math.floor(r() * values.length)]] }));
    }
  }
  return out;
}

function rawPost(url: string, headers: Record<string, string>, body?: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

describe('gateway: hostile input gets 4xx, never 5xx, never a crash', () => {
  let h: Harness;
  let sims: EngineSimHandle[];
  let key: string;
  let url: string;

  before(async () => {
    sims = await startSims(1, 'sim-a');
    h = await startHarness(
      (w) => {
        key = w.addKey('k');
        w.addDeployment('d', 'dep', 'sim-a');
        w.addRoute('r', 'ok', [deploymentTarget('d')]);
      },
      { env: { GATEWAY_BODY_LIMIT_BYTES: String(BODY_LIMIT) }, beforeGateway: (x) => x.writePool('d', [member('i1', sims[0].url)]) },
    );
    url = `${h.url}/v1/chat/completions`;
  });

  after(async () => {
    await h?.close();
    await Promise.all((sims ?? []).map((s) => s.close()));
  });

  it('answers 400 to 500 fuzzed bodies, 20 at a time', async () => {
    const bodies = fuzzBodies(500);
    const statuses: number[] = [];
    for (let i = 0; i < bodies.length; i += 20) {
      const batch = await Promise.all(bodies.slice(i, i + 20).map((b) => post(url, b, bearer(key))));
      for (const a of batch) {
        statuses.push(a.status);
        assert.ok(a.status < 500, `5xx for a fuzzed body: ${a.status} ${a.text}`);
        if (a.status !== 200) assert.ok(a.json.error, a.text);
      }
    }
    assert.ok(statuses.filter((s) => s === 400).length > 300);
  });

  it('handles deep nesting, huge bodies, odd content types and empty bodies', async () => {
    const deep = `{"model":"ok","messages":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const a = await post(url, deep, bearer(key));
    assert.equal(a.status, 400, a.text);
    const nested = `{"model":"ok","messages":[{"role":"user","content":${'['.repeat(5_000)}${']'.repeat(5_000)}}]}`;
    const n = await post(url, nested, bearer(key));
    assert.equal(n.status, 400, n.text);
    assert.equal((await post(url, 'x'.repeat(BODY_LIMIT + 1), bearer(key))).status, 413);
    const h1 = { ...bearer(key) };
    assert.equal(await rawPost(url, { ...h1, 'content-type': 'text/plain' }, Buffer.from(chatBody('ok'))), 200, 'content type is not required to be JSON');
    assert.equal(await rawPost(url, { ...h1 }, Buffer.from(chatBody('ok'))), 200, 'no content type');
    assert.equal(await rawPost(url, { ...h1, 'content-type': 'application/json' }), 400, 'empty body');
    assert.equal(await rawPost(url, { ...h1, 'content-type': 'application/json' }, Buffer.from('{"a"')), 400, 'truncated body');
  });

  it('still serves normally afterwards', async () => {
    const a = await post(url, chatBody('ok'), bearer(key));
    assert.equal(a.status, 200, a.text);
    const health = await fetch(`${h.url}/healthz`);
    assert.equal(health.status, 200);
  });
});
