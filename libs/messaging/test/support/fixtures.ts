import { connect, type NatsConnection as RawNatsConnection } from 'nats';
import { createEnvelope, namespacedStream, Streams, type EventEnvelope } from '@switchyard/contracts';
import { createLogger, type Logger } from '@switchyard/observability';

export const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

export function testLogger(service = 'messaging-test'): Logger {
  return createLogger({ service, level: process.env.LOG_LEVEL ?? 'silent' });
}

export function scaled(n: number, aggregateId = 'dep_1'): EventEnvelope<'DeploymentScaled'> {
  return createEnvelope(
    'DeploymentScaled',
    { deploymentId: aggregateId, fromReplicas: n, toReplicas: n + 1, reason: 'autoscale', detail: `step ${n}` },
    { source: 'test', workspaceId: 'ws_1', aggregateId, aggregateVersion: n },
  );
}

export function routeChanged(n: number): EventEnvelope<'RouteChanged'> {
  return createEnvelope(
    'RouteChanged',
    { routeId: `r_${n}`, name: `route-${n}`, change: 'updated' },
    { source: 'test', workspaceId: 'ws_1', aggregateId: `r_${n}`, aggregateVersion: n },
  );
}

/** A plain connection for test plumbing (reading streams, publishing garbage). */
export function rawConnection(): Promise<RawNatsConnection> {
  return connect({ servers: NATS_URL, name: 'messaging-test' });
}

/** Deletes every stream of a namespace (the ones Streams defines), ignoring those that do not exist. */
export async function deleteStreams(nc: RawNatsConnection, namespace: string): Promise<void> {
  const jsm = await nc.jetstreamManager();
  for (const def of Object.values(Streams)) {
    await jsm.streams.delete(namespacedStream(namespace, def).name).catch(() => false);
  }
}
