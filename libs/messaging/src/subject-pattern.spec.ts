import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  coveringFilter,
  isValidPattern,
  minimalFilters,
  patternCovers,
  redeliveryDelayMs,
  subjectMatches,
  versionAtLeast,
} from './subject-pattern';

describe('subject patterns', () => {
  it('validates subjects and patterns', () => {
    for (const ok of ['sy.route.changed', 'sy.*.changed', 'sy.>', '>', 'sy.deployment.*']) assert.equal(isValidPattern(ok), true, ok);
    for (const bad of ['', 'sy..x', 'sy.>.x', 'sy. x', 'sy.a>', '.sy', 'sy.', 'x'.repeat(300), 'sy.*x']) {
      assert.equal(isValidPattern(bad), false, bad);
    }
  });

  it('matches subjects against * and >', () => {
    assert.equal(subjectMatches('sy.route.changed', 'sy.route.changed'), true);
    assert.equal(subjectMatches('sy.route.changed', 'sy.route.changed.x'), false);
    assert.equal(subjectMatches('sy.deployment.>', 'sy.deployment.scaled'), true);
    assert.equal(subjectMatches('sy.deployment.>', 'sy.deployment'), false);
    assert.equal(subjectMatches('sy.*.changed', 'sy.route.changed'), true);
    assert.equal(subjectMatches('sy.*.changed', 'sy.route.created'), false);
    assert.equal(subjectMatches('sy.*', 'sy.route.changed'), false);
    assert.equal(subjectMatches('>', 'anything.at.all'), true);
  });

  it('knows when one pattern covers another', () => {
    assert.equal(patternCovers('sy.>', 'sy.deployment.>'), true);
    assert.equal(patternCovers('sy.deployment.>', 'sy.deployment.scaled'), true);
    assert.equal(patternCovers('sy.*.scaled', 'sy.deployment.scaled'), true);
    assert.equal(patternCovers('sy.*.>', 'sy.deployment.*'), true);
    assert.equal(patternCovers('sy.deployment.scaled', 'sy.*.scaled'), false);
    assert.equal(patternCovers('sy.deployment.*', 'sy.deployment.>'), false);
    assert.equal(patternCovers('sy.route.changed', 'sy.route.changed'), true);
  });

  it('removes duplicates and covered patterns (servers refuse overlapping filters)', () => {
    assert.deepEqual(minimalFilters(['sy.deployment.scaled', 'sy.deployment.>', 'sy.route.changed', 'sy.route.changed']), [
      'sy.deployment.>',
      'sy.route.changed',
    ]);
    assert.deepEqual(minimalFilters(['sy.>', 'sy.a.b', 'sy.*.c']), ['sy.>']);
    assert.deepEqual(minimalFilters([]), []);
  });

  it('finds one filter covering every pattern', () => {
    assert.equal(coveringFilter(['sy.route.changed']), 'sy.route.changed');
    assert.equal(coveringFilter(['sy.route.changed', 'sy.route.deleted']), 'sy.route.>');
    assert.equal(coveringFilter(['sy.route.changed', 'sy.deployment.>']), 'sy.>');
    assert.equal(coveringFilter(['ns.sy.route.changed', 'ns.sy.route.changed.x']), 'ns.sy.route.>');
    assert.equal(coveringFilter(['a.b', 'c.d']), '');
    assert.equal(coveringFilter(['sy.*.changed', 'sy.*.deleted']), 'sy.>');
    for (const patterns of [['sy.route.changed', 'sy.deployment.>'], ['x.y.z', 'x.y.w.v']]) {
      const cover = coveringFilter(patterns);
      for (const p of patterns) assert.ok(cover === '' || patternCovers(cover, p), `${cover} covers ${p}`);
    }
  });

  it('doubles the redelivery delay up to a cap', () => {
    assert.deepEqual([1, 2, 3, 4, 10, 100].map((n) => redeliveryDelayMs(n, 100, 1_000)), [100, 200, 400, 800, 1_000, 1_000]);
    assert.equal(redeliveryDelayMs(0, 100, 1_000), 100);
  });

  it('compares server versions', () => {
    assert.equal(versionAtLeast('2.9.10', '2.10.0'), false);
    assert.equal(versionAtLeast('2.10.0', '2.10.0'), true);
    assert.equal(versionAtLeast('v2.11.3-beta.1', '2.10.0'), true);
    assert.equal(versionAtLeast('3.0.0', '2.10.0'), true);
    assert.equal(versionAtLeast(undefined, '2.10.0'), false);
  });
});
