import { Inject, Injectable, Optional } from '@nestjs/common';
import { CONFIG, type ConfigService } from '@switchyard/config';
import type { RegistryConfig } from '../../registry.config';
import {
  describeFailure,
  healthUrlFor,
  modelsUrlFor,
  readStatus,
  shouldTryHealth,
  summarise,
  type ConnectivityReport,
  type EndpointProbeResult,
} from './connectivity.report';

const DEFAULT_TIMEOUT_MS = 2000;

/**
 * The connectivity test: a minimal GET to each endpoint (`/v1/models`, then the health path when that is not
 * served), each bounded by CONNECTIVITY_TIMEOUT_MS. Never throws: failures are results.
 */
@Injectable()
export class ConnectivityProber {
  readonly timeoutMs: number;

  constructor(@Optional() @Inject(CONFIG) config?: ConfigService<RegistryConfig>) {
    const configured = config?.get('CONNECTIVITY_TIMEOUT_MS') ?? Number(process.env.CONNECTIVITY_TIMEOUT_MS);
    this.timeoutMs = Number.isFinite(configured) && configured > 0 ? configured : DEFAULT_TIMEOUT_MS;
  }

  async test(endpoints: readonly { url: string }[], healthPath: string): Promise<ConnectivityReport> {
    const results = await Promise.all(endpoints.map((e) => this.probe(e.url, healthPath)));
    return summarise(results, new Date());
  }

  async probe(url: string, healthPath: string): Promise<EndpointProbeResult> {
    const first = await this.get(url, modelsUrlFor(url));
    if (first.status === null || !shouldTryHealth(first.status)) return first;
    return this.get(url, healthUrlFor(url, healthPath));
  }

  private async get(url: string, probedUrl: string): Promise<EndpointProbeResult> {
    const started = performance.now();
    try {
      const response = await fetch(probedUrl, {
        method: 'GET',
        redirect: 'manual',
        headers: { accept: 'application/json', 'user-agent': 'switchyard-registry/connectivity-test' },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      await response.body?.cancel().catch(() => undefined);
      const latencyMs = Math.round(performance.now() - started);
      const { ok, note } = readStatus(response.status);
      return { url, probedUrl, ok, status: response.status, latencyMs, error: note };
    } catch (error) {
      return { url, probedUrl, ok: false, status: null, latencyMs: null, error: describeFailure(error, this.timeoutMs) };
    }
  }
}
