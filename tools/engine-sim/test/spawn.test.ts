// The simulator as a child process (the CLI): flags, crash via /control, refusing and recovering via the control
// listener, and a clean SIGTERM.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { waitFor } from '@switchyard/testing';
import { SpawnedEngineSim, spawnEngineSim } from '../src';
import { freshRequest, isRefused, postJson } from './http.helper';

describe('spawnEngineSim', () => {
  const children: SpawnedEngineSim[] = [];
  after(async () => {
    await Promise.all(children.map((child) => child.kill('SIGKILL')));
  });

  it('starts the CLI with knob flags and stops on SIGTERM', async () => {
    const sim = await spawnEngineSim({ knobs: { model: 'demo-llama', ttftMs: 30, itlMs: 5, embeddingDim: 4 } });
    children.push(sim);
    assert.ok(sim.pid > 0);
    assert.notEqual(sim.port, 0);
    const models = (await (await fetch(`${sim.url}/v1/models`)).json()) as { data: Array<{ id: string }> };
    assert.equal(models.data[0].id, 'demo-llama');
    const started = performance.now();
    const chat = await postJson(`${sim.url}/v1/chat/completions`, { model: 'demo-llama', messages: [{ role: 'user', content: 'x' }], max_tokens: 3 });
    assert.equal(chat.status, 200);
    assert.ok(performance.now() - started >= 30 + 2 * 5 - 5);
    const embedding = await postJson(`${sim.url}/v1/embeddings`, { input: 'x' });
    assert.equal((embedding.body.data as Array<{ embedding: number[] }>)[0].embedding.length, 4);
    const exit = await sim.kill();
    assert.deepEqual(exit, { code: 0, signal: null });
  });

  it('exits with code 1 when the crash knob is set', async () => {
    const sim = await spawnEngineSim({ knobs: { model: 'm' } });
    children.push(sim);
    const answer = await freshRequest(`${sim.url}/control`, 'POST', JSON.stringify({ crash: true }));
    assert.equal(answer.status, 200, 'the control call is answered before the crash');
    const exit = await sim.exited;
    assert.equal(exit.code, 1);
    assert.ok(await isRefused(sim.port));
  });

  it('refuses connections and recovers on the same port, driven through the control listener', async () => {
    const sim = await spawnEngineSim({ knobs: { model: 'm' } });
    children.push(sim);
    const state = await sim.control({ refuseConnections: true });
    assert.equal(state.stats.listening, false);
    assert.ok(await isRefused(sim.port));
    assert.equal((await freshRequest(`${sim.controlUrl}/health`)).status, 200, 'the control listener stays up');
    await sim.control({ refuseConnections: false });
    await waitFor('listening again', async () => (await freshRequest(`${sim.url}/health`)).status === 200);
    await sim.kill();
  });

  it('refuses bad flags with a usage message and exit code 2', async () => {
    const main = path.join(__dirname, '..', 'src', 'main.ts');
    const child = spawn(process.execPath, ['-r', require.resolve('@swc-node/register'), main, '--port', '0', '--ttft-ms', 'soon'], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, SWC_NODE_PROJECT: path.join(__dirname, '..', 'tsconfig.json') },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    assert.equal(code, 2);
    assert.match(stderr, /ttftMs/);
    assert.match(stderr, /usage:/);
  });
});
