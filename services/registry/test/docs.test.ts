import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startRegistry, type RegistryHarness } from './support/registry-harness';

interface Operation {
  summary?: string;
  requestBody?: { content?: Record<string, { examples?: Record<string, unknown>; example?: unknown }> };
  responses?: Record<string, { content?: Record<string, { example?: unknown; examples?: unknown; schema?: { example?: unknown } }> }>;
  security?: unknown[];
}

/** Every operation of the API (auth, tenancy, keys, audit and the whole catalog). */
const OWN = /^\/api\/v1\//;

describe('OpenAPI: /api/docs documents every endpoint with examples', () => {
  let h: RegistryHarness;
  let doc: { paths: Record<string, Record<string, Operation>> };
  before(async () => {
    h = await startRegistry();
    doc = (await h.api('GET', '/api/docs-json')).body;
  });
  after(async () => {
    await h?.close();
  });

  it('serves the UI and the JSON document', async () => {
    const ui = await h.api('GET', '/api/docs');
    assert.equal(ui.status, 200);
    assert.match(String(ui.body), /swagger/i);
    assert.ok(Object.keys(doc.paths).length >= 10);
  });

  it('every operation has a summary, a success example, error answers and body examples', () => {
    const problems: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      if (!OWN.test(path)) continue;
      for (const [method, op] of Object.entries(ops)) {
        const where = `${method.toUpperCase()} ${path}`;
        if (!op.summary) problems.push(`${where}: no summary`);
        const statuses = Object.keys(op.responses ?? {});
        const success = statuses.filter((s) => s.startsWith('2'));
        if (success.length === 0) problems.push(`${where}: no success response`);
        const withExample = success.some((s) => {
          if (s === '204') return true;
          const content = op.responses?.[s]?.content?.['application/json'];
          return content?.example !== undefined || content?.examples !== undefined || content?.schema?.example !== undefined;
        });
        if (!withExample) problems.push(`${where}: no success example`);
        if (!statuses.some((s) => s.startsWith('4'))) problems.push(`${where}: no error answers`);
        if (['post', 'patch', 'put'].includes(method) && op.requestBody) {
          const json = op.requestBody.content?.['application/json'];
          if (!json?.examples && json?.example === undefined) problems.push(`${where}: body without examples`);
        }
      }
    }
    assert.deepEqual(problems, []);
  });

  it('documents the GPU-hour price of a deployment: body, answers and description', () => {
    const prices = doc.paths['/api/v1/workspaces/{workspaceId}/prices'];
    const created = prices.post.responses?.['201']?.content?.['application/json']?.examples as Record<string, { value: Record<string, unknown> }>;
    assert.deepEqual(Object.values(created).map((e) => e.value.gpuHour), [null, '2.4']);
    const body = prices.post.requestBody?.content?.['application/json']?.examples as Record<string, { value: Record<string, unknown> }>;
    assert.ok(Object.values(body).some((e) => e.value.gpuHour === '2.40' && typeof e.value.deploymentId === 'string' && e.value.inputPerMTok === undefined));
    const effective = doc.paths['/api/v1/workspaces/{workspaceId}/prices/effective'].get.responses?.['200']?.content?.['application/json']?.examples;
    assert.ok(effective && Object.keys(effective).length === 2);
    for (const path of ['/api/v1/workspaces/{workspaceId}/prices', '/api/v1/workspaces/{workspaceId}/prices/{id}']) {
      const example = doc.paths[path].get.responses?.['200']?.content?.['application/json']?.schema?.example as Record<string, unknown> & { items?: Array<Record<string, unknown>> };
      assert.ok('gpuHour' in (example.items?.[0] ?? example), path);
    }
    assert.match((prices.post as { description?: string }).description ?? '', /gpuHour/);
  });

  it('documents the auth, workspace, member, API-key and audit endpoints', () => {
    for (const [path, method] of [
      ['/api/v1/auth/login', 'post'],
      ['/api/v1/auth/refresh', 'post'],
      ['/api/v1/auth/logout', 'post'],
      ['/api/v1/me', 'get'],
      ['/api/v1/workspaces', 'post'],
      ['/api/v1/workspaces/{workspaceId}', 'patch'],
      ['/api/v1/workspaces/{workspaceId}/members/{userId}', 'delete'],
      ['/api/v1/workspaces/{workspaceId}/api-keys/{keyId}/revoke', 'post'],
      ['/api/v1/audit', 'get'],
    ]) {
      assert.ok(doc.paths[path]?.[method], `${method} ${path}`);
    }
  });
});
