import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AckPolicy, DeliverPolicy, nanos } from 'nats';
import { assertDurableName, consumerConfigFor, consumerUpdateFor, type ConsumerPlan } from './jetstream-consumer';

const plan: ConsumerPlan = {
  stream: 'SY_CONTROL',
  filters: ['sy.deployment.>', 'sy.route.>'],
  multiFilter: true,
  ackWaitMs: 30_000,
  maxAckPending: 1_000,
  deliverNew: false,
  inactiveThresholdMs: 300_000,
  description: 'test',
};

describe('consumer configuration', () => {
  it('uses a filter list when the server supports it, one filter otherwise', () => {
    assert.deepEqual(consumerConfigFor(plan).filter_subjects, ['sy.deployment.>', 'sy.route.>']);
    assert.equal('filter_subject' in consumerConfigFor(plan), false);
    const single = consumerConfigFor({ ...plan, filters: ['sy.>'], multiFilter: false });
    assert.equal(single.filter_subject, 'sy.>');
    assert.equal('filter_subjects' in single, false);
    const whole = consumerConfigFor({ ...plan, filters: [] });
    assert.equal('filter_subject' in whole || 'filter_subjects' in whole, false);
  });

  it('makes durables start at the beginning and ephemerals expire', () => {
    const durable = consumerConfigFor({ ...plan, durable: 'gateway' });
    assert.equal(durable.durable_name, 'gateway');
    assert.equal(durable.deliver_policy, DeliverPolicy.All);
    assert.equal(durable.ack_policy, AckPolicy.Explicit);
    assert.equal(durable.max_deliver, -1);
    assert.equal(durable.inactive_threshold, undefined);
    const ephemeral = consumerConfigFor({ ...plan, deliverNew: true });
    assert.equal(ephemeral.deliver_policy, DeliverPolicy.New);
    assert.equal(ephemeral.inactive_threshold, nanos(300_000));
  });

  it('updates only editable fields, clearing the filter it no longer uses', () => {
    const update = consumerUpdateFor({ ...plan, filters: ['sy.route.changed'] });
    assert.equal(update.filter_subject, 'sy.route.changed');
    assert.ok('filter_subjects' in update && update.filter_subjects === undefined);
    assert.equal(update.ack_wait, nanos(30_000));
    assert.equal('deliver_policy' in update, false);
  });

  it('refuses durable names NATS would misread', () => {
    assert.doesNotThrow(() => assertDurableName('health-monitor_2'));
    for (const bad of ['a.b', 'a*', 'a>', '', 'a b', 'x'.repeat(200)]) assert.throws(() => assertDurableName(bad), /invalid durable/);
  });
});
