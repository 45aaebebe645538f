// npm run replay -w @switchyard/billing -- --from 2026-11-01 --to 2026-12-01
// Rebuilds the hourly cost roll-ups of [from, to) from the usage ledger, in one transaction.
import { BillingStore } from '@switchyard/billing-store';
import { loadConfigOrExit } from '@switchyard/service-kit';
import { z } from 'zod';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const config = loadConfigOrExit(
    'billing-replay',
    z.object({
      DATABASE_URL: z.string().default('postgresql://postgres@127.0.0.1:5432/switchyard'),
      BILLING_SCHEMA: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/).default('billing'),
    }),
  );
  const from = new Date(arg('from') ?? '');
  const to = new Date(arg('to') ?? '');
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || to <= from) {
    process.stderr.write('usage: replay --from <ISO time> --to <ISO time>   (to after from)\n');
    process.exit(2);
  }
  const store = BillingStore.create({ databaseUrl: config.DATABASE_URL, schema: config.BILLING_SCHEMA });
  try {
    await store.migrate();
    const result = await store.replay(from, to);
    process.stdout.write(`replayed ${result.events} usage events into ${result.hours} roll-up rows for [${from.toISOString()}, ${to.toISOString()})\n`);
  } finally {
    await store.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`replay failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
