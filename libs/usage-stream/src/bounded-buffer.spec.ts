import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BoundedBuffer } from './bounded-buffer';

describe('BoundedBuffer', () => {
  it('keeps FIFO order across the ring boundary', () => {
    const b = new BoundedBuffer<number>(3);
    b.push(1);
    b.push(2);
    assert.deepEqual(b.take(1), [1]);
    b.push(3);
    b.push(4);
    assert.deepEqual(b.take(10), [2, 3, 4]);
    assert.equal(b.length, 0);
  });

  it('drops the oldest when full and counts it', () => {
    const b = new BoundedBuffer<number>(2);
    for (const n of [1, 2, 3, 4]) b.push(n);
    assert.equal(b.dropped, 2);
    assert.deepEqual(b.take(5), [3, 4]);
  });

  it('puts a failed batch back in front, in order', () => {
    const b = new BoundedBuffer<number>(5);
    for (const n of [1, 2, 3, 4]) b.push(n);
    const batch = b.take(3);
    b.push(5);
    b.unshift(batch);
    assert.deepEqual(b.take(10), [1, 2, 3, 4, 5]);
  });

  it('drops the oldest of a returned batch when the buffer filled meanwhile', () => {
    const b = new BoundedBuffer<number>(3);
    for (const n of [1, 2, 3]) b.push(n);
    const batch = b.take(3);
    b.push(4);
    b.push(5);
    b.unshift(batch);
    assert.deepEqual(b.take(10), [3, 4, 5]);
    assert.equal(b.dropped, 2);
  });

  it('refuses a non-positive capacity', () => {
    assert.throws(() => new BoundedBuffer(0), RangeError);
    assert.throws(() => new BoundedBuffer(1.5), RangeError);
  });

  it('handles 100k items without quadratic cost', () => {
    const b = new BoundedBuffer<number>(100_000);
    for (let i = 0; i < 250_000; i++) b.push(i);
    assert.equal(b.length, 100_000);
    assert.equal(b.dropped, 150_000);
    assert.equal(b.take(1)[0], 150_000);
  });
});

describe('BoundedBuffer ring growth', () => {
  it('starts small and grows only as it fills, never past the capacity', () => {
    const b = new BoundedBuffer<number>(100_000);
    assert.equal(b.slots, 1024);
    for (let i = 0; i < 1024; i++) b.push(i);
    assert.equal(b.slots, 1024);
    b.push(1024);
    assert.equal(b.slots, 2048);
    for (let i = 1025; i < 150_000; i++) b.push(i);
    assert.equal(b.slots, 100_000);
    assert.equal(b.length, 100_000);
    assert.equal(b.dropped, 50_000);
  });

  it('keeps FIFO order when it grows with the ring wrapped', () => {
    const b = new BoundedBuffer<number>(10_000);
    for (let i = 0; i < 1000; i++) b.push(i);
    assert.deepEqual(b.take(600), Array.from({ length: 600 }, (_, i) => i));
    for (let i = 1000; i < 2000; i++) b.push(i); // wraps at 1024, then grows mid-wrap
    assert.equal(b.slots, 2048);
    assert.deepEqual(b.take(5000), Array.from({ length: 1400 }, (_, i) => 600 + i));
  });

  it('grows to take a returned batch back in front, in order', () => {
    const b = new BoundedBuffer<number>(5000);
    for (let i = 0; i < 1024; i++) b.push(i);
    const batch = b.take(500);
    for (let i = 1024; i < 1524; i++) b.push(i);
    assert.equal(b.slots, 1024);
    b.push(1524);
    b.unshift(batch);
    assert.equal(b.length, 1525);
    assert.deepEqual(b.take(5000), Array.from({ length: 1525 }, (_, i) => i));
    assert.equal(b.dropped, 0);
  });

  it('a capacity below the initial ring allocates only the capacity', () => {
    assert.equal(new BoundedBuffer<number>(3).slots, 3);
  });
});
