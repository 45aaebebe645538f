// HTTP to upstream model servers and providers: undici pools per origin with keep-alive, timeouts, cancellation,
// backpressured streaming bodies and failures classified as UpstreamError. Must not depend on any service or NestJS.
export { UpstreamHttpClient, type UpstreamHttpOptions, type UpstreamRequestOptions, type UpstreamResponse, type UpstreamHeaders, type UpstreamHttpStats, type CancelSignal } from './upstream-http.client';
export { UpstreamError, isUpstreamError, type UpstreamFailureKind } from './upstream.error';
export { classifyTransportError, isRetryableStatus, statusError, toUpstreamError } from './error-classification';
