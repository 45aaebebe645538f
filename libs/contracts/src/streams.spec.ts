import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ContractError } from './errors';
import {
  deadLetterSubject,
  namespacedStream,
  namespacedSubject,
  Streams,
  stripNamespace,
  USAGE_TOPIC,
} from './streams';
import { Subjects } from './subjects';

describe('stream definitions', () => {
  it('names the streams and their subjects', () => {
    assert.deepEqual([Streams.Control.name, Streams.Control.subjects], ['SY_CONTROL', ['sy.>']]);
    assert.deepEqual([Streams.Usage.name, Streams.Usage.subjects], ['SY_USAGE', ['usage.records.v1']]);
    assert.deepEqual([Streams.DeadLetter.name, Streams.DeadLetter.subjects], ['SY_DLQ', ['dlq.>']]);
    assert.equal(USAGE_TOPIC, 'usage.records.v1');
    assert.equal(deadLetterSubject(Subjects.RouteChanged), 'dlq.sy.route.changed');
  });

  it('have unique names and valid stream names', () => {
    const names = Object.values(Streams).map((s) => s.name);
    assert.equal(new Set(names).size, names.length);
    for (const name of names) assert.match(name, /^[A-Z_]+$/);
  });
});

describe('namespace helpers', () => {
  it('leave everything unchanged for the empty namespace', () => {
    assert.equal(namespacedSubject('', Subjects.DeploymentScaled), 'sy.deployment.scaled');
    assert.equal(namespacedStream('', Streams.Control), Streams.Control);
    assert.equal(stripNamespace('', 'sy.route.changed'), 'sy.route.changed');
  });

  it('prefix subjects with "<ns>." and stream names with "<ns>_"', () => {
    assert.equal(namespacedSubject('t123', Subjects.DeploymentScaled), 't123.sy.deployment.scaled');
    assert.equal(namespacedSubject('t123', USAGE_TOPIC), 't123.usage.records.v1');
    const control = namespacedStream('t123', Streams.Control);
    assert.equal(control.name, 't123_SY_CONTROL');
    assert.deepEqual(control.subjects, ['t123.sy.>']);
    assert.equal(control.maxAgeSeconds, Streams.Control.maxAgeSeconds);
    assert.deepEqual(namespacedStream('t123', Streams.DeadLetter).subjects, ['t123.dlq.>']);
    // the shared definition is not mutated
    assert.deepEqual(Streams.Control.subjects, ['sy.>']);
    assert.equal(Streams.Control.name, 'SY_CONTROL');
  });

  it('strip the namespace back off', () => {
    for (const subject of Object.values(Subjects)) {
      assert.equal(stripNamespace('t123', namespacedSubject('t123', subject)), subject);
    }
  });

  it('refuse a subject from another namespace or none', () => {
    assert.throws(() => stripNamespace('t123', 'sy.route.changed'), ContractError);
    assert.throws(() => stripNamespace('t123', 't1234.sy.route.changed'), ContractError);
    assert.throws(() => stripNamespace('t123', 't12.sy.route.changed'), ContractError);
    assert.throws(() => stripNamespace('t123', 't123.'), ContractError);
  });

  it('refuse namespaces that would break subjects or stream names', () => {
    for (const bad of ['a.b', 'a b', 'a*', 'a>', 'ns/1', '.']) {
      assert.throws(() => namespacedSubject(bad, 'sy.x.y'), ContractError, bad);
      assert.throws(() => namespacedStream(bad, Streams.Usage), ContractError, bad);
      assert.throws(() => stripNamespace(bad, `${bad}.sy.x.y`), ContractError, bad);
    }
  });
});
