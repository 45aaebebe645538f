// nginx as a plain keep-alive reverse proxy in front of the engine: the floor for what any proxy adds.
import { execFileSync } from 'node:child_process';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BenchTarget, JSON_HEADERS } from './bench.target';
import { startProcess, waitUntilAnswering } from './child-process.helper';
import { freePort } from './free-port.helper';
import { childPids } from './process-memory.reader';

export interface NginxConfigInput {
  listenPort: number;
  upstreamPort: number;
  /** nginx's prefix: pid, logs and temp folders go here. */
  dir: string;
}

/** One worker, upstream keep-alive, HTTP/1.1 to the upstream, no buffering (streams pass through). Pure. */
export function nginxConfig({ listenPort, upstreamPort, dir }: NginxConfigInput): string {
  return `worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  keepalive_requests 1000000;
  keepalive_timeout 65s;
  upstream engine {
    server 127.0.0.1:${upstreamPort};
    keepalive 256;
    keepalive_requests 1000000;
    keepalive_timeout 60s;
  }
  server {
    listen 127.0.0.1:${listenPort};
    client_max_body_size 32m;
    location / {
      proxy_pass http://engine;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering off;
      proxy_request_buffering off;
    }
  }
}
`;
}

export function nginxVersion(): string | null {
  try {
    return execFileSync('nginx', ['-v'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim() || null;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr;
    return typeof stderr === 'string' && stderr.includes('nginx') ? stderr.trim() : null;
  }
}

export async function startNginx(upstreamPort: number, workDir: string, model: string): Promise<BenchTarget> {
  const dir = path.join(workDir, 'nginx');
  await mkdir(dir, { recursive: true });
  await chmod(workDir, 0o755);
  await chmod(dir, 0o755);
  const listenPort = await freePort();
  const conf = path.join(dir, 'nginx.conf');
  await writeFile(conf, nginxConfig({ listenPort, upstreamPort, dir }));
  const proc = startProcess('nginx', 'nginx', ['-p', dir, '-c', conf, '-e', path.join(dir, 'error.log')]);
  const baseUrl = `http://127.0.0.1:${listenPort}`;
  try {
    await waitUntilAnswering(`${baseUrl}/health`, 10_000, proc);
  } catch (error) {
    await proc.stop();
    throw error;
  }
  return {
    name: 'nginx',
    description: `${nginxVersion() ?? 'nginx'}: 1 worker, upstream keepalive 256, proxy_http_version 1.1, proxy_buffering off`,
    baseUrl,
    headers: { ...JSON_HEADERS },
    model,
    processIds: () => (proc.child.pid ? [proc.child.pid, ...childPids(proc.child.pid)] : []),
    stop: () => proc.stop(),
  };
}
