import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Controller, Get, Module, type OnModuleInit } from '@nestjs/common';
import { z } from 'zod';
import { env } from '@switchyard/config';
import { bootstrapService, loadConfigOrExit, ReadinessRegistry, ServiceKitModule, type RunningService } from '../src';

let dependencyUp = true;

@Controller()
class SlowController {
  @Get('slow')
  async slow(): Promise<{ done: boolean }> {
    await new Promise((r) => setTimeout(r, 300));
    return { done: true };
  }
}

@Module({ controllers: [SlowController] })
class FeatureModule implements OnModuleInit {
  constructor(private readonly readiness: ReadinessRegistry) {}
  onModuleInit(): void {
    this.readiness.register({ name: 'fake-db', check: () => dependencyUp });
    this.readiness.register({ name: 'hangs', check: () => new Promise<boolean>((r) => setTimeout(() => r(true), 10)) });
  }
}

describe('bootstrapService', () => {
  let svc: RunningService;
  before(async () => {
    const config = loadConfigOrExit('kit-test', z.object({ ...env.common, PORT: env.port(0) }), { LOG_LEVEL: 'silent' });
    svc = await bootstrapService({
      service: 'kit-test',
      config,
      port: 0,
      module: ({ logger, metrics }) => ({
        module: class RootModule {},
        imports: [ServiceKitModule.forRoot({ service: 'kit-test', logger, metrics }), FeatureModule],
      }),
    });
  });
  let closed = false;
  after(async () => { if (!closed) await svc.close(); });

  it('answers /healthz', async () => {
    const res = await fetch(`${svc.url}/healthz`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok', service: 'kit-test' });
  });

  it('answers /readyz 200 when every dependency is up and 503 naming the missing one otherwise', async () => {
    dependencyUp = true;
    let res = await fetch(`${svc.url}/readyz`);
    assert.equal(res.status, 200);
    dependencyUp = false;
    res = await fetch(`${svc.url}/readyz`);
    assert.equal(res.status, 503);
    const body = (await res.json()) as { missing: string[]; message: string };
    assert.deepEqual(body.missing, ['fake-db']);
    assert.match(body.message, /fake-db unreachable/);
    dependencyUp = true;
  });

  it('serves Prometheus metrics', async () => {
    const res = await fetch(`${svc.url}/metrics`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/plain/);
    assert.match(await res.text(), /switchyard_process_cpu_user_seconds_total\{service="kit-test"\}/);
  });

  it('echoes a sane x-request-id and makes one otherwise', async () => {
    let res = await fetch(`${svc.url}/healthz`, { headers: { 'x-request-id': 'req-42' } });
    assert.equal(res.headers.get('x-request-id'), 'req-42');
    res = await fetch(`${svc.url}/healthz`, { headers: { 'x-request-id': 'bad id with spaces' } });
    assert.match(res.headers.get('x-request-id') ?? '', /^[0-9a-f]{24}$/);
  });

  it('lets an in-flight request finish when closing', async () => {
    const pending = fetch(`${svc.url}/slow`).then(async (r) => ({ status: r.status, body: await r.json() }));
    await new Promise((r) => setTimeout(r, 50));
    const closing = svc.close();
    closed = true;
    const result = await pending;
    await closing;
    assert.deepEqual(result, { status: 200, body: { done: true } });
  });
});
