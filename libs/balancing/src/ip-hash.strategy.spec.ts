import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Candidate } from './balancing.types';
import { IpHashStrategy } from './ip-hash.strategy';

const c = (id: string, weight = 1, extra: Partial<Candidate> = {}): Candidate => ({ id, weight, priority: 'primary', inFlight: 0, ...extra });
const ip = (i: number): string => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

describe('IpHashStrategy', () => {
  const pool = [c('a'), c('b'), c('c'), c('d')];

  it('keeps the same IP on the same instance, across strategy objects (gateway replicas) and input order', () => {
    const s1 = new IpHashStrategy();
    const s2 = new IpHashStrategy();
    for (let i = 0; i < 200; i++) {
      const first = s1.pick(pool, { clientIp: ip(i) });
      for (let k = 0; k < 3; k++) assert.equal(s1.pick(pool, { clientIp: ip(i) }), first);
      assert.equal(s2.pick([...pool].reverse(), { clientIp: ip(i) }), first);
    }
  });

  it('spreads IPs across instances (each of 4 gets 25% +- 3% of 10,000 IPs)', () => {
    const s = new IpHashStrategy();
    const counts = new Map<string, number>();
    for (let i = 0; i < 10_000; i++) {
      const id = s.pick(pool, { clientIp: ip(i) }) as string;
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    for (const id of ['a', 'b', 'c', 'd']) assert.ok(Math.abs((counts.get(id) ?? 0) / 10_000 - 0.25) < 0.03, `${id}: ${counts.get(id)}`);
  });

  it('follows weights (1:3 within 3%)', () => {
    const s = new IpHashStrategy();
    let heavy = 0;
    for (let i = 0; i < 10_000; i++) if (s.pick([c('light', 1), c('heavy', 3)], { clientIp: ip(i) }) === 'heavy') heavy++;
    assert.ok(Math.abs(heavy / 10_000 - 0.75) < 0.03, String(heavy));
  });

  it('moves only the clients of an instance that goes away', () => {
    const s = new IpHashStrategy();
    const without = pool.filter((p) => p.id !== 'd');
    for (let i = 0; i < 2_000; i++) {
      const before = s.pick(pool, { clientIp: ip(i) });
      const after = s.pick(without, { clientIp: ip(i) });
      if (before !== 'd') assert.equal(after, before);
    }
  });

  it('a seed changes the mapping', () => {
    let differ = 0;
    for (let i = 0; i < 100; i++) if (new IpHashStrategy(1).pick(pool, { clientIp: ip(i) }) !== new IpHashStrategy(2).pick(pool, { clientIp: ip(i) })) differ++;
    assert.ok(differ > 40);
  });

  it('excludes tried ids deterministically and returns undefined when all are excluded', () => {
    const s = new IpHashStrategy();
    const first = s.pick(pool, { clientIp: '192.168.0.7' }) as string;
    const second = s.pick(pool, { clientIp: '192.168.0.7', exclude: new Set([first]) });
    assert.notEqual(second, first);
    assert.equal(s.pick(pool, { clientIp: '192.168.0.7', exclude: new Set([first]) }), second);
    assert.equal(s.pick(pool, { clientIp: '1.2.3.4', exclude: new Set(['a', 'b', 'c', 'd']) }), undefined);
    assert.equal(s.pick([], { clientIp: '1.2.3.4' }), undefined);
  });

  it('falls back to round robin without a client IP', () => {
    const s = new IpHashStrategy();
    assert.deepEqual(new Set(Array.from({ length: 8 }, () => s.pick(pool, {}))), new Set(['a', 'b', 'c', 'd']));
  });

  it('uses backups only while every primary is out', () => {
    const s = new IpHashStrategy();
    const mixed = [c('p'), c('b1', 1, { priority: 'backup' }), c('b2', 1, { priority: 'backup' })];
    for (let i = 0; i < 50; i++) assert.equal(s.pick(mixed, { clientIp: ip(i) }), 'p');
    for (let i = 0; i < 50; i++) assert.match(s.pick(mixed, { clientIp: ip(i), exclude: new Set(['p']) }) ?? '', /^b[12]$/);
  });

  it('accepts hostile keys (IPv6, huge, unicode) without throwing', () => {
    const s = new IpHashStrategy();
    for (const key of ['::1', 'fe80::1%eth0', 'x'.repeat(100_000), '\u0000\uffff😀']) assert.ok(s.pick(pool, { clientIp: key }));
  });
});
