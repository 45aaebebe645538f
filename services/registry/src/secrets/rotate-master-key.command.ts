// `npm run rotate-master-key`: re-wraps every provider key's data key under SWITCHYARD_MASTER_KEY (the new key),
// unwrapping with SWITCHYARD_PREVIOUS_MASTER_KEY (the old one). Zero-downtime procedure:
//   1. restart the registry with SWITCHYARD_MASTER_KEY=<new> and SWITCHYARD_PREVIOUS_MASTER_KEY=<old>
//      (it reads both; new secrets are sealed under the new key);
//   2. run this command with the same two variables (batches; safe to re-run; the service keeps serving);
//   3. once it reports `remaining: 0`, drop SWITCHYARD_PREVIOUS_MASTER_KEY and retire the old key.
import { loadConfigOrExit } from '@switchyard/service-kit';
import { createLogger } from '@switchyard/observability';
import { createRegistryClient } from '@switchyard/registry-store';
import { z } from 'zod';
import { env } from '@switchyard/config';
import { LocalKeyProvider } from './key-provider';
import { rotateMasterKey } from './master-key-rotation';
import { registryConfigSchema } from '../registry.config';

const rotationConfigSchema = registryConfigSchema
  .pick({ LOG_LEVEL: true, DATABASE_URL: true, DATABASE_SCHEMA: true, SWITCHYARD_MASTER_KEY: true, SWITCHYARD_PREVIOUS_MASTER_KEY: true })
  .extend({ ROTATION_BATCH_SIZE: env.positiveInt(100), LOG_LEVEL: z.string().default('info') });

async function main(): Promise<number> {
  const config = loadConfigOrExit('rotate-master-key', rotationConfigSchema);
  const logger = createLogger({ service: 'rotate-master-key', level: config.LOG_LEVEL });
  const keys = new LocalKeyProvider(
    config.SWITCHYARD_MASTER_KEY,
    config.SWITCHYARD_PREVIOUS_MASTER_KEY ? [config.SWITCHYARD_PREVIOUS_MASTER_KEY] : [],
  );
  const db = createRegistryClient({ databaseUrl: config.DATABASE_URL, schema: config.DATABASE_SCHEMA });
  try {
    const result = await rotateMasterKey(db, keys, { batchSize: config.ROTATION_BATCH_SIZE, logger });
    const remaining = await db.providerKey.count({ where: { kekId: { not: keys.currentKeyId } } });
    logger.info({ ...result, remaining }, 'master key rotation finished');
    logger.flush();
    return result.failed > 0 || remaining > 0 ? 2 : 0;
  } finally {
    await db.$disconnect();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`rotate-master-key failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
