import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseRawHeaders, UpstreamResponseHandler } from './upstream-response.handler';
import { UpstreamError } from './upstream.error';

const raw = (...pairs: string[]) => pairs.map((p) => Buffer.from(p, 'latin1'));

describe('parseRawHeaders', () => {
  it('lowercases names and gathers repeated ones', () => {
    assert.deepEqual(parseRawHeaders(raw('Content-Type', 'application/json', 'Set-Cookie', 'a=1', 'set-cookie', 'b=2', 'X-Request-Id', 'r')), {
      'content-type': 'application/json',
      'set-cookie': ['a=1', 'b=2'],
      'x-request-id': 'r',
    });
    assert.deepEqual(parseRawHeaders(null), {});
  });
});

describe('UpstreamResponseHandler driven as undici drives it', () => {
  it('ignores informational answers, resolves on the real one and reads the body as text', async () => {
    const h = new UpstreamResponseHandler('i', undefined);
    h.onConnect(() => assert.fail('not aborted'));
    h.onHeaders(103, raw('Link', '</x>'), () => undefined);
    h.onHeaders(200, raw('Content-Type', 'application/json'), () => undefined);
    const res = await h.started;
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'application/json');
    h.onData(Buffer.from('{"a":'));
    setImmediate(() => {
      h.onData(Buffer.from('1}'));
      h.onComplete();
    });
    assert.equal(await res.text(), '{"a":1}');
  });

  it('pauses undici beyond 64 KiB queued and resumes it as the reader catches up', async () => {
    let resumed = 0;
    const h = new UpstreamResponseHandler('i', undefined);
    h.onConnect(() => undefined);
    h.onHeaders(200, null, () => resumed++);
    const big = Buffer.alloc(40 * 1024);
    assert.equal(h.onData(big), true);
    assert.equal(h.onData(big), false, 'over the high-water mark');
    const it = (await h.started).chunks();
    await it.next();
    assert.equal(resumed, 1);
    h.onComplete();
    assert.equal((await it.next()).done, false);
    assert.equal((await it.next()).done, true);
  });

  it('aborts at connect when cancelled before, and classifies body failures', async () => {
    const ac = new AbortController();
    ac.abort();
    const h = new UpstreamResponseHandler('i', ac.signal);
    let abortedWith: Error | undefined;
    h.onConnect((err) => (abortedWith = err));
    assert.ok(abortedWith);
    h.onError(abortedWith);
    await assert.rejects(h.started, (e: unknown) => e instanceof UpstreamError && e.kind === 'aborted');

    const b = new UpstreamResponseHandler('i', undefined);
    b.onConnect(() => undefined);
    b.onHeaders(200, null, () => undefined);
    const res = await b.started;
    b.onError(Object.assign(new Error('reset'), { code: 'ECONNRESET' }));
    await assert.rejects(res.text(), (e: unknown) => e instanceof UpstreamError && e.kind === 'reset' && !e.retryable);
  });
});
