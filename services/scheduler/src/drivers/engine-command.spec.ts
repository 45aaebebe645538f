import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildCommand, EngineCommandError, splitCommand } from './engine-command';

const values = { port: '18001', model: 'llama', version: 'v2', deployment: 'd1', instance: 'i1', revision: '3' };

describe('engine command', () => {
  it('splits with quotes and substitutes per token', () => {
    assert.deepEqual(splitCommand(`node  -e "a b" 'c'`), ['node', '-e', 'a b', 'c']);
    assert.deepEqual(buildCommand('vllm serve {model} --port {port} --x {unknown}', values), {
      file: 'vllm',
      args: ['serve', 'llama', '--port', '18001', '--x', '{unknown}'],
    });
  });

  it('never lets a value become several arguments or a shell command', () => {
    const hostile = { ...values, model: 'x; rm -rf / && echo $(id)' };
    const { args } = buildCommand('engine --model {model}', hostile);
    assert.deepEqual(args, ['--model', 'x; rm -rf / && echo $(id)']);
  });

  it('refuses bad templates and bad extra args', () => {
    assert.throws(() => splitCommand('   '), EngineCommandError);
    assert.throws(() => splitCommand('node "unterminated'), EngineCommandError);
    assert.throws(() => buildCommand('e', values, [42]), EngineCommandError);
    assert.throws(() => buildCommand('e', values, ['x'.repeat(600)]), EngineCommandError);
    assert.throws(() => buildCommand('e', values, new Array(40).fill('a')), EngineCommandError);
    assert.deepEqual(buildCommand('e', values, ['--rev', '{revision}']).args, ['--rev', '3']);
  });
});
