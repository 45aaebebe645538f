import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_PORT, parseCliArgs, usage } from './cli-args.parser';

describe('parseCliArgs', () => {
  it('reads the platform command line', () => {
    const parsed = parseCliArgs(['--port', '9101', '--model', 'demo-llama', '--ttft-ms', '30', '--itl-ms', '5']);
    assert.deepEqual(parsed, { ok: true, options: { port: 9101, host: '127.0.0.1', knobs: { model: 'demo-llama', ttftMs: 30, itlMs: 5 }, help: false } });
  });

  it('maps every knob to a kebab-case flag, with = values, bare booleans and vLLM aliases', () => {
    const parsed = parseCliArgs([
      '--host=0.0.0.0',
      '--control-port',
      '0',
      '--max-concurrency=2',
      '--error-rate',
      '0.5',
      '--error-status',
      '503',
      '--embedding-dim',
      '32',
      '--hang',
      '--refuse-connections',
      'false',
      '--health',
      'fail',
      '--served-model-name',
      'x',
    ]);
    assert.ok(parsed.ok);
    assert.equal(parsed.options.port, DEFAULT_PORT);
    assert.equal(parsed.options.host, '0.0.0.0');
    assert.equal(parsed.options.controlPort, 0);
    assert.deepEqual(parsed.options.knobs, {
      maxConcurrency: 2,
      errorRate: 0.5,
      errorStatus: 503,
      embeddingDim: 32,
      hang: true,
      refuseConnections: false,
      health: 'fail',
      model: 'x',
    });
  });

  it('reports unknown flags, missing values and invalid knob values', () => {
    const cases: Array<[string[], RegExp]> = [
      [['--nope', '1'], /unknown flag --nope/],
      [['--model'], /--model needs a value/],
      [['--port', 'x'], /port number/],
      [['--port', '70000'], /port number/],
      [['--ttft-ms', '-5'], /ttftMs/],
      [['--error-rate', '2'], /errorRate/],
      [['--error-status', '200'], /errorStatus/],
      [['--health', 'meh'], /health/],
      [['stray'], /unexpected argument/],
    ];
    for (const [argv, pattern] of cases) {
      const parsed = parseCliArgs(argv);
      assert.equal(parsed.ok, false, argv.join(' '));
      if (!parsed.ok) assert.match(parsed.error, pattern);
    }
  });

  it('has a help flag and a usage text naming the flags', () => {
    const parsed = parseCliArgs(['--help']);
    assert.ok(parsed.ok && parsed.options.help);
    assert.match(usage(), /--ttft-ms/);
    assert.match(usage(), /--max-concurrency/);
  });
});
