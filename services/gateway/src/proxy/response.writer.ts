// Raw writes of JSON answers and OpenAI-format errors (every one carrying x-request-id).
import type { ServerResponse } from 'node:http';
import type { GatewayError } from '../errors/gateway.error';

export function writeJson(res: ServerResponse, requestId: string, status: number, body: string, extra: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'x-request-id': requestId,
    ...extra,
  });
  res.end(body);
}

export function writeError(res: ServerResponse, requestId: string, error: GatewayError): void {
  writeJson(res, requestId, error.status, JSON.stringify(error.toBody()), { ...error.headers });
}
