import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RequestQueue } from './request.queue';

function recorder() {
  const started: string[] = [];
  const ticket = (name: string) => ({ start: () => started.push(name) });
  return { started, ticket };
}

describe('RequestQueue', () => {
  it('runs everything at once when unlimited', () => {
    const queue = new RequestQueue(0);
    const { started, ticket } = recorder();
    for (let i = 0; i < 100; i++) queue.enqueue(ticket(`r${i}`));
    assert.equal(started.length, 100);
    assert.equal(queue.running, 100);
    assert.equal(queue.waiting, 0);
  });

  it('queues beyond the limit and starts waiters FIFO as slots free', () => {
    const queue = new RequestQueue(2);
    const { started, ticket } = recorder();
    for (const name of ['a', 'b', 'c', 'd', 'e']) queue.enqueue(ticket(name));
    assert.deepEqual(started, ['a', 'b']);
    assert.equal(queue.running, 2);
    assert.equal(queue.waiting, 3);
    queue.release();
    assert.deepEqual(started, ['a', 'b', 'c']);
    queue.release();
    queue.release();
    assert.deepEqual(started, ['a', 'b', 'c', 'd', 'e']);
    assert.equal(queue.waiting, 0);
    assert.equal(queue.running, 2);
  });

  it('tryAcquire does not jump the queue', () => {
    const queue = new RequestQueue(1);
    const { ticket } = recorder();
    assert.equal(queue.tryAcquire(), true);
    queue.enqueue(ticket('waiter'));
    queue.setLimit(1);
    assert.equal(queue.tryAcquire(), false);
  });

  it('skips cancelled waiters and does not count them', () => {
    const queue = new RequestQueue(1);
    const { started, ticket } = recorder();
    queue.enqueue(ticket('a'));
    const cancelB = queue.enqueue(ticket('b'));
    queue.enqueue(ticket('c'));
    assert.equal(cancelB(), true);
    assert.equal(cancelB(), false);
    assert.equal(queue.waiting, 1);
    queue.release();
    assert.deepEqual(started, ['a', 'c']);
    assert.equal(queue.running, 1);
  });

  it('cancel of a started ticket returns false so the caller releases its slot', () => {
    const queue = new RequestQueue(1);
    const { ticket } = recorder();
    const cancelA = queue.enqueue(ticket('a'));
    const cancelB = queue.enqueue(ticket('b'));
    queue.release();
    assert.equal(cancelA(), false);
    assert.equal(cancelB(), false);
    assert.equal(queue.running, 1);
  });

  it('raising the limit starts waiters; lowering it lets running ones finish', () => {
    const queue = new RequestQueue(1);
    const { started, ticket } = recorder();
    for (const name of ['a', 'b', 'c']) queue.enqueue(ticket(name));
    queue.setLimit(0);
    assert.deepEqual(started, ['a', 'b', 'c']);
    queue.setLimit(1);
    queue.enqueue(ticket('d'));
    assert.equal(queue.waiting, 1);
    queue.release();
    queue.release();
    assert.deepEqual(started, ['a', 'b', 'c']);
    queue.release();
    assert.deepEqual(started, ['a', 'b', 'c', 'd']);
  });

  it('handles a ticket that finishes synchronously inside start', () => {
    const queue = new RequestQueue(1);
    const started: number[] = [];
    queue.enqueue({ start: () => started.push(0) });
    for (let i = 1; i <= 100_000; i++) {
      const n = i;
      queue.enqueue({ start: () => { started.push(n); queue.release(); } });
    }
    queue.release();
    assert.equal(started.length, 100_001);
    assert.deepEqual(started.slice(0, 4), [0, 1, 2, 3]);
    assert.equal(queue.running, 0);
    assert.equal(queue.waiting, 0);
  });

  it('clear forgets waiters', () => {
    const queue = new RequestQueue(1);
    const { started, ticket } = recorder();
    queue.enqueue(ticket('a'));
    const cancel = queue.enqueue(ticket('b'));
    queue.clear();
    assert.equal(cancel(), false);
    queue.release();
    assert.deepEqual(started, ['a']);
    assert.equal(queue.waiting, 0);
  });
});
