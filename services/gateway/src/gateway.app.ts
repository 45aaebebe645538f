// Starts a gateway (used by main.ts and by the integration tests).
import { bootstrapService, type RunningService } from '@switchyard/service-kit';
import type { GatewayConfig } from './gateway.config';
import { listenPort } from './gateway.config';
import { GatewayModule } from './gateway.module';
import { GatewayRuntime } from './gateway.runtime';
import { registerOpenAiRoutes } from './http/openai.routes';

export interface RunningGateway extends RunningService {
  runtime: GatewayRuntime;
}

export async function startGateway(config: Readonly<GatewayConfig>, opts: { port?: number; exitOnError?: boolean } = {}): Promise<RunningGateway> {
  let runtime: GatewayRuntime | undefined;
  const running = await bootstrapService({
    service: 'gateway',
    config,
    port: opts.port ?? listenPort(config),
    bodyLimit: config.GATEWAY_BODY_LIMIT_BYTES,
    exitOnError: opts.exitOnError,
    module: (deps) => GatewayModule.forRoot(config, deps),
    configure: (app) => {
      const rt = app.get(GatewayRuntime);
      runtime = rt;
      registerOpenAiRoutes(app.getHttpAdapter().getInstance(), rt.routesDeps());
    },
  });
  if (!runtime) throw new Error('gateway runtime was not created');
  return { ...running, runtime };
}
