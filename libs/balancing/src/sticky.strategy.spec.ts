import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Candidate } from './balancing.types';
import { StickyStrategy } from './sticky.strategy';

const c = (id: string, extra: Partial<Candidate> = {}): Candidate => ({ id, weight: 1, priority: 'primary', inFlight: 0, ...extra });
const pool4 = ['a', 'b', 'c', 'd'].map((id) => c(id));

describe('StickyStrategy', () => {
  it('keeps a session on its instance across picks, replicas, load and weight changes', () => {
    const s1 = new StickyStrategy();
    const s2 = new StickyStrategy();
    for (let i = 0; i < 300; i++) {
      const key = `user-${i}`;
      const first = s1.pick(pool4, { sessionKey: key });
      assert.equal(s1.pick(pool4, { sessionKey: key }), first);
      const changed = pool4.map((p, k) => ({ ...p, inFlight: k * 7, weight: k === 0 ? 0.3 : 1 }));
      assert.equal(s2.pick([...changed].reverse(), { sessionKey: key }), first);
    }
  });

  it('moves about 1/N of 10,000 sessions when an instance is added', () => {
    const s4 = new StickyStrategy();
    const s5 = new StickyStrategy();
    const pool5 = [...pool4, c('e')];
    let moved = 0;
    for (let i = 0; i < 10_000; i++) {
      const before = s4.pick(pool4, { sessionKey: `s${i}` });
      const after = s5.pick(pool5, { sessionKey: `s${i}` });
      if (before !== after) {
        moved++;
        assert.equal(after, 'e');
      }
    }
    assert.ok(moved / 10_000 > 0.14 && moved / 10_000 < 0.26, String(moved));
  });

  it('falls back to the client IP, then to round robin', () => {
    const s = new StickyStrategy();
    const byIp = s.pick(pool4, { clientIp: '10.0.0.1' });
    for (let i = 0; i < 5; i++) assert.equal(s.pick(pool4, { clientIp: '10.0.0.1' }), byIp);
    assert.deepEqual(new Set(Array.from({ length: 8 }, () => s.pick(pool4, {}))), new Set(['a', 'b', 'c', 'd']));
  });

  it('excludes tried instances with a stable retry target; undefined when all are out', () => {
    const s = new StickyStrategy();
    const first = s.pick(pool4, { sessionKey: 'u' }) as string;
    const retry = s.pick(pool4, { sessionKey: 'u', exclude: new Set([first]) });
    assert.ok(retry && retry !== first);
    assert.equal(s.pick(pool4, { sessionKey: 'u', exclude: new Set([first]) }), retry);
    assert.equal(s.pick(pool4, { sessionKey: 'u', exclude: new Set(['a', 'b', 'c', 'd']) }), undefined);
    assert.equal(s.pick([], { sessionKey: 'u' }), undefined);
  });

  it('uses backups only while every primary is out, and never puts drained instances on the ring', () => {
    const s = new StickyStrategy();
    const pool = [c('p1'), c('p2', { weight: 0 }), c('b1', { priority: 'backup' }), c('b2', { priority: 'backup' })];
    for (let i = 0; i < 100; i++) assert.equal(s.pick(pool, { sessionKey: `k${i}` }), 'p1');
    const seen = new Set<string | undefined>();
    for (let i = 0; i < 100; i++) seen.add(s.pick(pool, { sessionKey: `k${i}`, exclude: new Set(['p1']) }));
    assert.deepEqual(seen, new Set(['b1', 'b2']));
  });
});
