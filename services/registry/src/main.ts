import { loadConfigOrExit } from '@switchyard/service-kit';
import { registryConfigSchema } from './registry.config';
import { startRegistryService } from './registry.app';

const config = loadConfigOrExit('registry', registryConfigSchema);
startRegistryService(config, { exitOnError: true }).catch((error: unknown) => {
  process.stderr.write(`registry failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
