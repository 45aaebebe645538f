// End to end: the built dashboard (`next start`) against a real registry, driven by Chromium through playwright-core.
// Billing runs for real (empty ledger); the scheduler and the health monitor point at a closed port so their error
// states are checked too.
// Skipped when the dashboard is not built (`npx next build`) or Chromium is missing (`apt-get install -y chromium`).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { dashboardBuilt, startBilling, startDashboard, startRegistry, type RegistryProcess, type RunningProcess } from './support/stack';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const skip = !dashboardBuilt() ? 'dashboard not built (run npx next build)' : !fs.existsSync(CHROMIUM) ? 'chromium not installed' : false;

describe('dashboard end to end', { skip, timeout: 240_000 }, () => {
  let registry: RegistryProcess;
  let dashboard: RunningProcess;
  let billing: RunningProcess;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let workspaceId = '';

  async function api<T>(path: string, token: string, body?: unknown): Promise<T> {
    const res = await fetch(registry.url + path, {
      method: body ? 'POST' : 'GET',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    assert.ok(res.ok, `${path}: HTTP ${res.status} ${text}`);
    return JSON.parse(text) as T;
  }

  const url = (path: string) => dashboard.url + path;
  const text = async (selector: string) => (await page.locator(selector).first().innerText()).trim();

  before(async () => {
    registry = await startRegistry();
    billing = await startBilling(registry);
    dashboard = await startDashboard({
      REGISTRY_URL: registry.url,
      BILLING_URL: billing.url,
      SCHEDULER_URL: 'http://127.0.0.1:1',
      HEALTH_MONITOR_URL: 'http://127.0.0.1:1',
    });
    const login = await fetch(`${registry.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: registry.adminEmail, password: registry.adminPassword }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    workspaceId = (await api<{ id: string }>('/api/v1/workspaces', accessToken, { name: 'acme', description: 'ACME production' })).id;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    context = await browser.newContext();
    page = await context.newPage();
    page.on('dialog', (d) => void d.accept());
    page.setDefaultTimeout(20_000);
  });

  after(async () => {
    await browser?.close();
    await dashboard?.stop();
    await billing?.stop();
    await registry?.stop();
  });

  it('sends visitors without a session to the login page and refuses a wrong password', async () => {
    await page.goto(url(`/w/${workspaceId}/deployments`));
    assert.match(page.url(), /\/login\?next=%2Fw%2F/);
    // Another e-mail: the registry throttles repeated failures of one e-mail.
    await page.fill('input[name=email]', 'nobody@web-e2e.test');
    await page.fill('input[name=password]', 'wrong-password');
    await page.click('button[type=submit]');
    await page.waitForSelector('text=Wrong e-mail or password');
  });

  it('logs in into httpOnly SameSite=Strict cookies and lands on the page asked for', async () => {
    await page.fill('input[name=email]', registry.adminEmail);
    await page.fill('input[name=password]', registry.adminPassword);
    await page.click('button[type=submit]');
    await page.waitForURL((u) => u.pathname === `/w/${workspaceId}/deployments`);
    await page.waitForSelector('text=No deployments yet');
    const cookies = await context.cookies();
    const session = cookies.filter((c) => c.name.startsWith('sy_'));
    assert.equal(session.length, 3);
    for (const c of session) {
      assert.equal(c.httpOnly, true, c.name);
      assert.equal(c.sameSite, 'Strict', c.name);
    }
    const token = session.find((c) => c.name === 'sy_at')?.value ?? '';
    assert.ok(token.length > 20);
    assert.ok(!(await page.content()).includes(token), 'the access token never reaches the page');
  });

  it('lists workspaces', async () => {
    await page.goto(url('/workspaces'));
    assert.match(await text('table[data-testid=workspaces]'), /acme/);
  });

  it('creates a deployment: form errors first, then the connectivity result', async () => {
    await page.goto(url(`/w/${workspaceId}/deployments/new`));
    const form = page.locator('form[data-testid=create-form]');
    await form.locator('input[name=name]').fill('bert-api-v1');
    await form.locator('input[name=modelId]').fill('model-001');
    await form.locator('input[name=modelVersion]').fill('v2.1.0');
    await form.locator('input[name=minReplicas]').fill('3');
    await form.locator('input[name=maxReplicas]').fill('2');
    await form.locator('textarea[name=endpoints]').fill('http://127.0.0.1:1/v1');
    await form.locator('button[type=submit]').click();
    await page.waitForSelector('text=Max Replicas must be at least Min Replicas');
    await form.locator('input[name=minReplicas]').fill('1');
    await form.locator('input[name=maxReplicas]').fill('4');
    await form.locator('button[type=submit]').click();
    await page.waitForSelector('[data-testid=created-banner]');
    assert.match(await text('[data-testid=created-banner]'), /Deployment created\. Connectivity test: no endpoint reachable \(0 of 1\)/);
    assert.match(await text('[data-testid=connectivity-summary]'), /no endpoint reachable/);
    // Health monitor and scheduler are down here: the page says so instead of failing.
    await page.waitForSelector('text=health-monitor is not reachable');
  });

  it('shows the deployment in the list with status, replicas, environment and connectivity', async () => {
    await page.goto(url(`/w/${workspaceId}/deployments`));
    const row = page.locator('tr[data-deployment="bert-api-v1"]');
    const cells = await row.locator('td').allInnerTexts();
    assert.match(cells[0], /bert-api-v1/);
    assert.equal(cells[2], 'development');
    assert.match(cells[4], /1 \(1–4\)/);
    assert.match(cells[5], /failed/);
  });

  it('scales within bounds and shows the registry rule outside them', async () => {
    await page.click('text=bert-api-v1');
    const scale = page.locator('form[data-testid=scale-form]');
    await scale.locator('input[name=replicas]').fill('9');
    await scale.locator('button[type=submit]').click();
    await scale.locator('.notice.error').waitFor();
    assert.match(await scale.locator('.notice.error').innerText(), /replicas/i);
    await scale.locator('input[name=replicas]').fill('2');
    await scale.locator('button[type=submit]').click();
    await page.waitForSelector('text=Scaled to 2 replica(s)');
    await page.waitForFunction(() => document.querySelector('[data-testid=replicas]')?.textContent === '2');
  });

  it('edits the editable fields and reports what changed', async () => {
    await page.click('[data-testid=edit] summary');
    const edit = page.locator('[data-testid=edit] form');
    await edit.locator('textarea[name=description]').fill('BERT sentiment API');
    await edit.locator('textarea[name=env]').fill('HF_TOKEN=abc');
    await edit.locator('button[type=submit]').click();
    await edit.locator('.notice.error').waitFor();
    assert.match(await edit.locator('.notice.error').innerText(), /secrets/);
    await edit.locator('textarea[name=env]').fill('VLLM_LOGGING_LEVEL=DEBUG');
    await edit.locator('button[type=submit]').click();
    await page.waitForSelector('text=Deployment updated');
    assert.match(await edit.locator('.notice.ok').innerText(), /description/);
  });

  it('starts a model update and shows the scheduler as unreachable for its rollout', async () => {
    await page.click('[data-testid=update-model] summary');
    const form = page.locator('[data-testid=update-model] form');
    await form.locator('input[name=modelVersion]').fill('v2.2.0');
    await form.locator('select[name=strategy]').selectOption('canary');
    await form.locator('button[type=submit]').click();
    await page.waitForSelector('text=Rolling out model-001 v2.2.0 (canary); revision 2');
    await page.waitForSelector('text=scheduler is not reachable');
  });

  it('filters deployments by status', async () => {
    await page.goto(url(`/w/${workspaceId}/deployments?status=stopped`));
    await page.waitForSelector('text=No deployments match these filters');
    await page.goto(url(`/w/${workspaceId}/deployments?status=updating`));
    await page.waitForSelector('tr[data-deployment="bert-api-v1"]');
  });

  it('shows the route created with the deployment and its share', async () => {
    await page.goto(url(`/w/${workspaceId}/routes`));
    const routes = await text('table[data-testid=routes]');
    assert.match(routes, /bert-api-v1/);
    assert.match(routes, /100%/);
  });

  it('retargets a route and shows the new percent shares', async () => {
    const token = (await context.cookies()).find((c) => c.name === 'sy_at')?.value ?? '';
    await api(`/api/v1/workspaces/${workspaceId}/deployments`, token, {
      name: 'bert-canary',
      modelId: 'model-001',
      modelVersion: 'v3',
      environment: 'development',
      resources: { cpuCores: 1, memoryGb: 1 },
      minReplicas: 1,
      maxReplicas: 1,
      endpoints: [{ url: 'http://127.0.0.1:1/v1' }],
      createRoute: false,
    });
    await page.click('table[data-testid=routes] a:has-text("bert-api-v1")');
    const form = page.locator('form[data-testid=retarget-form]');
    await form.locator('input[name="t.0.weight"]').fill('300');
    await form.locator('select[name="new.ref"]').selectOption({ label: 'Deployment: bert-canary (model-001 v3)' });
    await form.locator('input[name="new.weight"]').fill('100');
    await form.locator('button[type=submit]').click();
    await page.waitForSelector('text=Route retargeted: 2 target(s)');
    await page.waitForFunction(() => document.querySelector('table[data-testid=targets]')?.textContent?.includes('25%') ?? false);
    const targets = await text('table[data-testid=targets]');
    assert.match(targets, /75%/);
    assert.match(targets, /bert-canary/);
  });

  it('creates an API key shown once, then revokes it', async () => {
    await page.goto(url(`/w/${workspaceId}/api-keys`));
    const form = page.locator('form[data-testid=create-key-form]');
    await form.locator('input[name=name]').fill('backend-prod');
    await form.locator('button[type=submit]').click();
    const secret = (await page.locator('[data-testid=secret]').innerText()).trim();
    assert.ok(secret.length > 20);
    await page.reload();
    assert.ok(!(await page.content()).includes(secret), 'the key is shown only once');
    await page.locator('table[data-testid=api-keys] button:has-text("Revoke")').click();
    // The row re-renders as revoked (the button and its message are gone).
    await page.locator('table[data-testid=api-keys] .badge.bad:has-text("revoked")').waitFor();
  });

  it('shows the costs report from billing with a working CSV download and checks the period', async () => {
    await page.goto(url(`/w/${workspaceId}/costs?period=30d&groupBy=apiKey&granularity=day`));
    await page.waitForSelector('text=No usage in this period');
    const href = await page.locator('[data-testid=csv-link]').getAttribute('href');
    assert.match(href ?? '', new RegExp(`^/w/${workspaceId}/costs/csv\\?period=30d&groupBy=apiKey&granularity=day`));
    const csv = await page.request.get(url(href ?? ''));
    assert.equal(csv.status(), 200);
    assert.match(csv.headers()['content-type'] ?? '', /text\/csv/);
    assert.match(csv.headers()['content-disposition'] ?? '', /attachment; filename="costs-apiKey-day-/);
    assert.match((await csv.text()).split('\n')[0], /period/);
    await page.goto(url(`/w/${workspaceId}/costs?period=custom&from=2026-11-10&to=2026-11-01`));
    await page.waitForSelector('text=To must be after From');
  });

  it('refreshes an expiring session once, even for concurrent requests (rotating refresh tokens)', async () => {
    const before = await context.cookies();
    const oldRefresh = before.find((c) => c.name === 'sy_rt')?.value;
    const exp = before.find((c) => c.name === 'sy_exp');
    assert.ok(exp && oldRefresh);
    await context.addCookies([{ ...exp, value: '0' }]);
    const answers = await Promise.all(Array.from({ length: 6 }, () => page.request.get(url('/workspaces'))));
    for (const a of answers) assert.match(await a.text(), /data-testid="workspaces"/);
    const after = await context.cookies();
    const newRefresh = after.find((c) => c.name === 'sy_rt')?.value;
    assert.ok(newRefresh && newRefresh !== oldRefresh, 'the refresh token was rotated');
    assert.ok(Number(after.find((c) => c.name === 'sy_exp')?.value) > Date.now());
    // Reusing a rotated refresh token would have ended every session: the new one still works.
    await page.goto(url(`/w/${workspaceId}/deployments`));
    await page.waitForSelector('table[data-testid=deployments]');
  });

  it('shows providers with masked keys and the discovery error of an unreachable provider', async () => {
    const token = (await context.cookies()).find((c) => c.name === 'sy_at')?.value ?? '';
    const secret = 'sk-test-abcdefghijklmnop1234';
    const provider = await api<{ id: string }>(`/api/v1/workspaces/${workspaceId}/providers`, token, {
      name: 'local-openai',
      vendor: 'openai-compatible',
      baseUrl: 'http://127.0.0.1:1/v1',
      keys: [{ secret, description: 'primary' }],
    });
    await page.goto(url(`/w/${workspaceId}/providers`));
    const table = await text('table[data-testid=providers]');
    assert.match(table, /local-openai/);
    assert.match(table, /1234/);
    assert.ok(!(await page.content()).includes(secret), 'provider keys are never shown in clear');
    await page.goto(url(`/w/${workspaceId}/providers/${provider.id}`));
    await page.locator('form[data-testid=discover-form] button[type=submit]').click();
    await page.locator('form[data-testid=discover-form] .notice.error').waitFor();
  });

  it('logs out: cookies cleared, pages need a login again', async () => {
    await page.goto(url('/workspaces'));
    await page.click('[data-testid=logout]');
    await page.waitForURL((u) => u.pathname === '/login');
    assert.equal((await context.cookies()).filter((c) => c.name.startsWith('sy_') && c.value).length, 0);
    await page.goto(url('/workspaces'));
    assert.match(page.url(), /\/login/);
  });
});
