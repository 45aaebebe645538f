// npm run bench:ingest -w @switchyard/billing [-- --records 100000]
// Measures the usage pipeline on this machine: (1) the producer's publish rate into JetStream, (2) the billing
// ledger's ingest rate (pricing + one INSERT … ON CONFLICT + roll-up upsert per batch) straight into PostgreSQL,
// (3) the whole path stream -> consumer -> ledger. Not a test: it prints numbers.
import type { UsageRecordInput } from '@switchyard/contracts';
import { BillingStore } from '@switchyard/billing-store';
import { createLogger } from '@switchyard/observability';
import { createTestSchema, natsNamespace } from '@switchyard/testing';
import { createUsageConsumer, createUsageProducer, usageStream } from '@switchyard/usage-stream';
import { connectNats } from '@switchyard/messaging';
import { PriceBook } from '../src/domain/price-book';
import { toLedgerEntry } from '../src/domain/ledger-entry';

const logger = createLogger({ service: 'ingest-bench', level: 'warn' });
const argIndex = process.argv.indexOf('--records');
const N = argIndex > 0 ? Number(process.argv[argIndex + 1]) : 100_000;

function record(i: number): UsageRecordInput {
  return {
    requestId: `bench-${i}`, time: new Date(Date.UTC(2026, 10, 1) + i * 1_000).toISOString(), workspaceId: `ws-${i % 20}`,
    apiKeyId: `key-${i % 200}`, userId: `user-${i % 50}`, route: `route-${i % 5}`, targetKind: 'deployment', deploymentId: 'dep',
    model: 'chat', upstreamModel: 'llama', endpoint: 'chat', promptTokens: 500 + (i % 300), cachedPromptTokens: 0,
    completionTokens: 200, latencyMs: 40, statusCode: 200, outcome: 'ok', estimated: false, stream: false, attempts: 1, gatewayId: 'gw',
  };
}

async function main(): Promise<void> {
  const schema = await createTestSchema('ingestbench');
  const namespace = natsNamespace('ingestbench');
  const store = BillingStore.create({ databaseUrl: schema.url });
  await store.migrate();
  const book = PriceBook.from({ prices: [], models: [], deployments: [], providers: [], workspaces: [] });
  try {
    // (2) ledger alone
    let t = performance.now();
    for (let i = 0; i < N; i += 1_000) {
      const batch = [];
      for (let j = i; j < Math.min(N, i + 1_000); j++) batch.push(toLedgerEntry(record(j), book)!);
      await store.ingest(batch);
    }
    const ledgerRate = N / ((performance.now() - t) / 1_000);
    await schema.exec('TRUNCATE usage_event; TRUNCATE cost_rollup;');

    // (1) producer into JetStream
    const producer = await createUsageProducer({ namespace, logger, clientId: 'bench' });
    t = performance.now();
    for (let i = 0; i < N; i++) producer.send(record(i));
    await producer.flush(300_000);
    const produceRate = N / ((performance.now() - t) / 1_000);
    await producer.close();

    // (3) stream -> consumer -> ledger
    const consumer = await createUsageConsumer({ namespace, logger, clientId: 'bench', group: 'billing', batchSize: 1_000 });
    let done = 0;
    t = performance.now();
    const finished = new Promise<void>((resolve) => {
      void consumer.run(async (batch) => {
        await store.ingest(batch.map((d) => toLedgerEntry(d.record, book)!));
        done += batch.length;
        if (done >= N) resolve();
      });
    });
    await finished;
    const endToEnd = N / ((performance.now() - t) / 1_000);
    await consumer.close();
    process.stdout.write(
      [
        `usage pipeline, ${N} records, this machine:`,
        `  producer -> JetStream:            ${Math.round(produceRate).toLocaleString('en-US')} records/s`,
        `  ledger ingest (PostgreSQL only):  ${Math.round(ledgerRate).toLocaleString('en-US')} records/s`,
        `  JetStream -> consumer -> ledger:  ${Math.round(endToEnd).toLocaleString('en-US')} records/s`,
        '',
      ].join('\n'),
    );
  } finally {
    await store.close();
    const nc = await connectNats({ url: 'nats://127.0.0.1:4222', name: 'bench-cleanup', logger });
    await (await nc.jetstreamManager()).streams.delete(usageStream(namespace).name).catch(() => false);
    await nc.drain();
    await schema.drop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
