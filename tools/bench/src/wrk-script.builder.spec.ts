import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { WRK_JSON_MARKER, buildWrkScript, luaString, parseWrkOutput } from './wrk-script.builder';

describe('wrk script', () => {
  it('escapes Lua strings (quotes, backslashes, control and non-ASCII bytes)', () => {
    assert.equal(luaString('a"b\\c'), '"a\\"b\\\\c"');
    assert.equal(luaString('x\ny'), '"x\\10y"');
    assert.equal(luaString('é'), '"\\195\\169"');
  });

  it('sets method, headers, body and a done() hook printing JSON', () => {
    const script = buildWrkScript({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"a":"b"}' });
    assert.match(script, /^wrk\.method = "POST"$/m);
    assert.match(script, /^wrk\.headers\["Content-Type"\] = "application\/json"$/m);
    assert.match(script, /^wrk\.body = "\{\\"a\\":\\"b\\"\}"$/m);
    assert.match(script, /done = function\(summary, latency, requests\)/);
    assert.ok(script.includes('latency:percentile(99)'));
  });

  it('parses the JSON line among wrk output', () => {
    const stdout = [
      'Running 5s test @ http://127.0.0.1:1/v1/chat/completions',
      `${WRK_JSON_MARKER}{"requests":1000,"duration_us":5000000,"bytes":9,"p50_us":100,"p90_us":150,"p99_us":300,"max_us":900,"connect_errors":1,"read_errors":2,"write_errors":0,"status_errors":4,"timeouts":3}`,
      'Requests/sec: 200',
    ].join('\n');
    assert.deepEqual(parseWrkOutput(stdout), {
      requests: 1000,
      durationUs: 5_000_000,
      bytes: 9,
      p50Us: 100,
      p90Us: 150,
      p99Us: 300,
      maxUs: 900,
      socketErrors: 6,
      statusErrors: 4,
    });
    assert.equal(parseWrkOutput('no marker'), null);
    assert.equal(parseWrkOutput(`${WRK_JSON_MARKER}{broken`), null);
  });
});
