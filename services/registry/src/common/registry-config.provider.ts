import { CONFIG, ConfigService } from '@switchyard/config';
import type { RegistryConfig } from '../registry.config';

export { CONFIG };
/** `@Inject(CONFIG) private readonly config: RegistryConfigService`. */
export type RegistryConfigService = ConfigService<RegistryConfig>;
