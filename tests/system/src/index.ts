// System tests: the five services as real processes with engine simulators, driven through their public APIs.
// Must not be imported by any project; it imports services only by starting their processes.
export const SYSTEM_TEST_SERVICES = ['registry', 'scheduler', 'health-monitor', 'billing', 'gateway'] as const;
export type SystemTestService = (typeof SYSTEM_TEST_SERVICES)[number];
