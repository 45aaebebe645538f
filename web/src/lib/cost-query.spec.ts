import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { billingQueryString, pageQueryString, parseCostQuery } from './cost-query';

const now = new Date('2026-11-23T12:00:00.000Z');

describe('parseCostQuery', () => {
  it('defaults to the last 7 days by model per day', () => {
    const { query, error } = parseCostQuery({}, now);
    assert.equal(error, null);
    assert.equal(query.groupBy, 'model');
    assert.equal(query.granularity, 'day');
    assert.equal(query.from, '2026-11-16T12:00:00.000Z');
    assert.equal(query.to, now.toISOString());
  });

  it('presets: 24h hourly, this month', () => {
    assert.equal(parseCostQuery({ period: '24h' }, now).query.granularity, 'hour');
    assert.equal(parseCostQuery({ period: 'month' }, now).query.from, '2026-11-01T00:00:00.000Z');
  });

  it('custom dates: "to" is inclusive of its day and round-trips through the page link', () => {
    const { query, error } = parseCostQuery({ period: 'custom', from: '2026-11-01', to: '2026-11-10', groupBy: 'apiKey', granularity: 'month' }, now);
    assert.equal(error, null);
    assert.equal(query.to, '2026-11-11T00:00:00.000Z');
    const again = parseCostQuery(Object.fromEntries(new URLSearchParams(pageQueryString(query))), now).query;
    assert.deepEqual(again, query);
  });

  it('reports bad custom ranges and ignores hostile values', () => {
    assert.match(parseCostQuery({ period: 'custom', from: 'yesterday', to: '2026-11-10' }, now).error ?? '', /From/);
    assert.match(parseCostQuery({ period: 'custom', from: '2026-11-10', to: '2026-11-01' }, now).error ?? '', /after/);
    assert.match(parseCostQuery({ period: 'custom', from: '2010-01-01', to: '2026-11-01' }, now).error ?? '', /3 years/);
    const q = parseCostQuery({ groupBy: "model'; DROP TABLE", granularity: ['hour', 'day'], period: 'x'.repeat(10_000) }, now).query;
    assert.equal(q.groupBy, 'model');
    assert.equal(q.period, '7d');
    assert.equal(q.granularity, 'hour');
  });

  it('falls back from hourly on long ranges', () => {
    assert.equal(parseCostQuery({ period: '30d', granularity: 'hour' }, now).query.granularity, 'hour');
    assert.equal(parseCostQuery({ period: 'custom', from: '2026-01-01', to: '2026-11-01', granularity: 'hour' }, now).query.granularity, 'day');
  });

  it('builds the billing query string', () => {
    const { query } = parseCostQuery({ groupBy: 'route' }, now);
    const p = new URLSearchParams(billingQueryString(query, 'csv', 'ws-1'));
    assert.equal(p.get('format'), 'csv');
    assert.equal(p.get('workspaceId'), 'ws-1');
    assert.equal(p.get('groupBy'), 'route');
  });
});
