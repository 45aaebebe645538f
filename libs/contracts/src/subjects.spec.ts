import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { file_switchyard_v1_events } from './gen/switchyard/v1/events_pb';
import { ContractError } from './errors';
import { EventSchemas } from './event-schemas';
import {
  AggregateSubjects,
  EVENT_TYPES,
  eventTypeOfSubject,
  isEventType,
  Requests,
  Signals,
  Subjects,
  type EventType,
} from './subjects';
import { Streams } from './streams';

// The aggregates, in the PascalCase spelling event names start with.
const AGGREGATES = ['Deployment', 'Rollout', 'Instance', 'Route', 'Provider', 'ApiKey', 'Model', 'Workspace', 'Price', 'Budget'];

/** NATS subject matching: `*` one token, `>` one or more trailing tokens. */
function matches(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return s.length > i;
    if (i >= s.length || (p[i] !== '*' && p[i] !== s[i])) return false;
  }
  return p.length === s.length;
}

describe('Subjects', () => {
  it('has one unique subject per event type', () => {
    const subjects = Object.values(Subjects);
    assert.equal(new Set(subjects).size, subjects.length);
    assert.equal(EVENT_TYPES.length, 24);
  });

  it('names every subject sy.<aggregate>.<event> in lower case, derived from the event name', () => {
    for (const type of EVENT_TYPES) {
      const aggregate = AGGREGATES.find((a) => type.startsWith(a));
      assert.ok(aggregate, `${type} starts with a known aggregate`);
      const expected = `sy.${aggregate.toLowerCase()}.${type.slice(aggregate.length).toLowerCase()}`;
      assert.equal(Subjects[type], expected, type);
      assert.match(Subjects[type], /^sy\.[a-z]+\.[a-z]+$/);
      assert.ok(matches(Streams.Control.subjects[0], Subjects[type]), `${type} is captured by SY_CONTROL`);
      const wildcard = AggregateSubjects[aggregate.toLowerCase() as keyof typeof AggregateSubjects];
      assert.ok(matches(wildcard, Subjects[type]), `${type} matches ${wildcard}`);
    }
  });

  it('spells the subjects the architecture names', () => {
    assert.equal(Subjects.DeploymentScaled, 'sy.deployment.scaled');
    assert.equal(Subjects.RolloutStarted, 'sy.rollout.started');
    assert.equal(Subjects.InstanceUnhealthy, 'sy.instance.unhealthy');
    assert.equal(Subjects.RouteChanged, 'sy.route.changed');
    assert.equal(Subjects.ApiKeyRevoked, 'sy.apikey.revoked');
    assert.equal(Subjects.PriceChanged, 'sy.price.changed');
    assert.equal(Subjects.BudgetExceeded, 'sy.budget.exceeded');
  });

  it('has a proto message switchyard.v1.<type> for every event type, and no event message without a type', () => {
    const messages = new Set(file_switchyard_v1_events.messages.map((m) => m.typeName));
    for (const type of EVENT_TYPES) {
      assert.ok(messages.has(`switchyard.v1.${type}`), `proto message for ${type}`);
      assert.equal(EventSchemas[type].typeName, `switchyard.v1.${type}`);
    }
    assert.equal(messages.size, EVENT_TYPES.length);
  });

  it('maps subjects back to event types and rejects unknown subjects', () => {
    for (const type of EVENT_TYPES) assert.equal(eventTypeOfSubject(Subjects[type]), type);
    assert.throws(() => eventTypeOfSubject('sy.deployment.exploded'), ContractError);
    assert.throws(() => eventTypeOfSubject('t1.sy.deployment.scaled'), ContractError);
  });

  it('recognises event types only as own keys', () => {
    assert.equal(isEventType('RouteChanged'), true);
    assert.equal(isEventType('toString'), false);
    assert.equal(isEventType('routeChanged'), false);
    assert.equal(isEventType(42), false);
    const t: EventType = 'BudgetThresholdReached';
    assert.equal(Subjects[t], 'sy.budget.thresholdreached');
  });
});

describe('Signals and Requests', () => {
  const all = { ...Signals, ...Requests };

  it('are unique, well-formed, under syx. and never captured by a stream', () => {
    const subjects = Object.values(all);
    assert.equal(new Set(subjects).size, subjects.length);
    for (const subject of subjects) {
      assert.match(subject, /^syx(\.[a-z]+)+$/);
      for (const stream of Object.values(Streams)) {
        for (const pattern of stream.subjects) assert.equal(matches(pattern, subject), false, `${subject} in ${stream.name}`);
      }
    }
    assert.equal(new Set([...subjects, ...Object.values(Subjects)]).size, subjects.length + EVENT_TYPES.length);
  });

  it('spells the agreed subjects', () => {
    assert.equal(Signals.UpstreamOutcome, 'syx.signal.outcome');
    assert.equal(Signals.GatewayStats, 'syx.stats.gateway');
    assert.equal(Signals.PoolChanged, 'syx.pool.changed');
    assert.equal(Signals.HealthChanged, 'syx.health.changed');
    assert.equal(Requests.RegistrySnapshot, 'syx.req.registry.snapshot');
    assert.equal(Requests.ProviderCredentials, 'syx.req.registry.credentials');
  });

  it('the test matcher itself distinguishes sy.> from syx.', () => {
    assert.equal(matches('sy.>', 'sy.route.changed'), true);
    assert.equal(matches('sy.>', 'sy'), false);
    assert.equal(matches('sy.>', 'syx.pool.changed'), false);
    assert.equal(matches('dlq.>', 'dlq.sy.route.changed'), true);
  });
});
