import { loadConfigOrExit } from '@switchyard/service-kit';
import { billingConfigSchema } from './billing.config';
import { startBillingService } from './billing.app';

const config = loadConfigOrExit('billing', billingConfigSchema);
startBillingService(config, { exitOnError: true }).catch((error: unknown) => {
  process.stderr.write(`billing failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
