// @portkey-ai/gateway (the TypeScript gateway, from node_modules) routing to the engine as a custom OpenAI host.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { BenchTarget, JSON_HEADERS } from './bench.target';
import { startProcess, waitUntilAnswering } from './child-process.helper';
import { freePort } from './free-port.helper';

export async function startPortkey(root: string, upstreamPort: number, model: string): Promise<BenchTarget> {
  const packageDir = path.join(root, 'node_modules', '@portkey-ai', 'gateway');
  const script = path.join(packageDir, 'build', 'start-server.js');
  if (!existsSync(script)) throw new Error(`${script} not found (npm install)`);
  const version = (JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version: string }).version;
  const port = await freePort();
  const proc = startProcess('portkey', process.execPath, [script, `--port=${port}`, '--headless'], {
    cwd: root,
    env: { NODE_ENV: 'production' },
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitUntilAnswering(`${baseUrl}/`, 30_000, proc);
  } catch (error) {
    await proc.stop();
    throw error;
  }
  return {
    name: 'portkey',
    description: `@portkey-ai/gateway ${version} (node ${process.version}, NODE_ENV=production, headless), provider openai with x-portkey-custom-host`,
    baseUrl,
    headers: { ...JSON_HEADERS, 'x-portkey-provider': 'openai', 'x-portkey-custom-host': `http://127.0.0.1:${upstreamPort}/v1` },
    model,
    processIds: () => (proc.child.pid ? [proc.child.pid] : []),
    stop: () => proc.stop(),
  };
}
