// The gateway service: OpenAI-compatible data plane (auth, routes, balancing, retries, streaming, limits, usage).
// Must not be imported by other services; it depends only on libraries and contracts.
export { startGateway, type RunningGateway } from './gateway.app';
export { gatewayConfigSchema, type GatewayConfig } from './gateway.config';
