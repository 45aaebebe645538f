export const LOGGER = Symbol('switchyard.logger');
export const METRICS = Symbol('switchyard.metrics');
export const SERVICE_NAME = Symbol('switchyard.service-name');
