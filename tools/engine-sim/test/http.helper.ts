// Small HTTP helpers for the engine-sim integration tests: JSON posts and SSE parsing.
import assert from 'node:assert/strict';
import { IncomingHttpHeaders, request as httpRequest } from 'node:http';
import { connect } from 'node:net';

export interface JsonResponse {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

export async function postJson(url: string, body: unknown): Promise<JsonResponse> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
}

export async function postRaw(url: string, body: string | Buffer, contentType = 'application/json'): Promise<{ status: number; text: string }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': contentType }, body });
  return { status: response.status, text: await response.text() };
}

/** Splits an SSE body into its `data:` payloads, asserting the framing (every event is one `data: ` line). */
export function sseEvents(text: string): string[] {
  assert.ok(text.endsWith('\n\n'), 'an SSE body ends with a blank line');
  const events = text.slice(0, -2).split('\n\n');
  return events.map((event) => {
    assert.ok(event.startsWith('data: '), `event is a data line: ${JSON.stringify(event)}`);
    assert.ok(!event.includes('\n'), 'one line per event');
    return event.slice('data: '.length);
  });
}

export async function postStream(url: string, body: unknown): Promise<{ status: number; contentType: string | null; events: string[] }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, contentType: response.headers.get('content-type'), events: sseEvents(text) };
}

export function assertOpenAiError(body: Record<string, unknown>, status: number, type: string): string {
  const error = body.error as Record<string, unknown>;
  assert.deepEqual(Object.keys(body), ['error']);
  assert.deepEqual(Object.keys(error).sort(), ['code', 'message', 'param', 'type']);
  assert.equal(error.code, status);
  assert.equal(error.type, type);
  assert.equal(error.param, null);
  assert.equal(typeof error.message, 'string');
  return error.message as string;
}

/** The value of one metric sample line, e.g. metric(text, 'vllm:num_requests_waiting'). */
export function metric(text: string, name: string, labels = ''): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    const key = line.slice(0, space);
    if (key.startsWith(name + '{') && key.includes(labels)) return Number(line.slice(space + 1));
  }
  return undefined;
}

/** One request on a fresh connection (no keep-alive pool), so a closed listener shows up as ECONNREFUSED. */
export function freshRequest(
  url: string,
  method = 'GET',
  body?: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string; headers: IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const allHeaders = body === undefined ? headers : { 'content-type': 'application/json', ...headers };
    const req = httpRequest(url, { method, agent: false, headers: allHeaders }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text, headers: res.headers }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** True when a TCP connection to the port is refused. */
export function isRefused(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, host);
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}
