export const PROBE_TICK_MS = Symbol('health-monitor.probe-tick-ms');
