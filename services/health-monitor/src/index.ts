// The health monitor service: active probes and passive signals -> instance health in Redis, ejection and
// re-admission events. Must not be imported by other services (they read Redis and the events).
export { startHealthMonitor } from './health-monitor.app';
export { healthMonitorConfigSchema, type HealthMonitorConfig } from './config/health-monitor.config';
