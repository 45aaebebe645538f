// The connectivity test's pure parts: which URLs to probe, how to read an answer or a failure, the summary.

export interface EndpointProbeResult {
  url: string;
  /** The URL actually requested last. */
  probedUrl: string;
  ok: boolean;
  /** HTTP status of the last answer; null when nothing answered. */
  status: number | null;
  latencyMs: number | null;
  /** Why it is not ok (or a note such as "requires authentication"); never a secret. */
  error: string | null;
}

export interface ConnectivityReport {
  /** Every tested endpoint answered; null when there was nothing to test (non-static drivers). */
  ok: boolean | null;
  testedAt: string;
  reachable: number;
  total: number;
  summary: string;
  endpoints: EndpointProbeResult[];
}

/** `<endpoint>/models` when the endpoint already ends in a version segment (`…/v1`), else `<endpoint>/v1/models`. */
export function modelsUrlFor(endpointUrl: string): string {
  const base = endpointUrl.replace(/\/+$/, '');
  return /\/v\d+$/.test(new URL(base).pathname) ? `${base}/models` : `${base}/v1/models`;
}

/** The health check path on the endpoint's origin. */
export function healthUrlFor(endpointUrl: string, healthPath: string): string {
  return new URL(healthPath, new URL(endpointUrl).origin).toString();
}

/** 2xx is ok; 401/403 mean the server is there but wants credentials (ok, noted). */
export function readStatus(status: number): { ok: boolean; note: string | null } {
  if (status >= 200 && status < 300) return { ok: true, note: null };
  if (status === 401 || status === 403) return { ok: true, note: `reachable; requires authentication (HTTP ${status})` };
  return { ok: false, note: `HTTP ${status}` };
}

/** Whether the /models probe's answer means "try the health path instead". */
export function shouldTryHealth(status: number): boolean {
  return status === 404 || status === 405 || status === 501;
}

/** A failure (fetch error) as a short message without URLs' credentials or stack traces. */
export function describeFailure(error: unknown, timeoutMs: number): string {
  const err = error as { name?: string; message?: string; cause?: { code?: string; message?: string } } | null;
  const name = err?.name ?? '';
  if (name === 'TimeoutError' || name === 'AbortError') return `timed out after ${timeoutMs} ms`;
  const code = err?.cause?.code ?? '';
  const byCode: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ECONNRESET: 'connection reset',
    ENOTFOUND: 'host not found',
    EAI_AGAIN: 'host name lookup failed',
    EHOSTUNREACH: 'host unreachable',
    ENETUNREACH: 'network unreachable',
    ETIMEDOUT: 'connection timed out',
    UND_ERR_SOCKET: 'connection closed by the server',
    UND_ERR_CONNECT_TIMEOUT: `timed out after ${timeoutMs} ms`,
    UND_ERR_HEADERS_TIMEOUT: `timed out after ${timeoutMs} ms`,
  };
  if (byCode[code]) return byCode[code];
  const message = (err?.cause?.message ?? err?.message ?? 'request failed').replace(/\s+/g, ' ');
  return message.slice(0, 200);
}

export function summarise(results: EndpointProbeResult[], testedAt: Date): ConnectivityReport {
  const total = results.length;
  const reachable = results.filter((r) => r.ok).length;
  let summary: string;
  if (total === 0) summary = 'no endpoints to test (instances are started by the runtime driver)';
  else if (reachable === total) summary = `all ${total} endpoint(s) reachable`;
  else if (reachable === 0) summary = `no endpoint reachable (0 of ${total})`;
  else summary = `${total - reachable} of ${total} endpoint(s) unreachable`;
  return { ok: total === 0 ? null : reachable === total, testedAt: testedAt.toISOString(), reachable, total, summary, endpoints: results };
}

/** The status line a deployment shows: its status plus a failed connectivity test. */
export function statusDetail(status: string, report: ConnectivityReport | null): string {
  if (report && report.ok === false) return `${status}; connectivity test failed: ${report.summary}`;
  return status;
}
