// Client load against the gateway: N concurrent clients, each sending one request after another, counting what a
// user would see (status codes, transport errors).

export interface LoadResult {
  sent: number;
  ok: number;
  /** Status (or error message) -> count, for every answer that was not a 200 with a full body. */
  failures: Map<string, number>;
  /** A few failure bodies, for the assertion message. */
  samples: string[];
}

export interface LoadOptions {
  url: string;
  key: string;
  body: Record<string, unknown>;
  concurrency: number;
  /** Stop after this many requests in total … */
  total?: number;
  /** … or when this resolves. */
  until?: Promise<unknown>;
  timeoutMs?: number;
}

export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const result: LoadResult = { sent: 0, ok: 0, failures: new Map(), samples: [] };
  let stop = false;
  void o.until?.then(() => {
    stop = true;
  });
  const fail = (what: string, sample: string) => {
    result.failures.set(what, (result.failures.get(what) ?? 0) + 1);
    if (result.samples.length < 5) result.samples.push(sample.slice(0, 300));
  };
  const client = async () => {
    while (!stop && (o.total === undefined || result.sent < o.total)) {
      result.sent++;
      try {
        const res = await fetch(o.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${o.key}` },
          body: JSON.stringify(o.body),
          signal: AbortSignal.timeout(o.timeoutMs ?? 30_000),
        });
        const text = await res.text();
        if (res.status === 200 && text.includes('"choices"')) result.ok++;
        else fail(String(res.status), `${res.status} ${text}`);
      } catch (error) {
        const message = (error as Error).message;
        fail(message, message);
      }
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, client));
  return result;
}

export function describeFailures(r: LoadResult): string {
  return `${r.sent - r.ok} of ${r.sent} failed: ${JSON.stringify(Object.fromEntries(r.failures))} ${r.samples.join(' | ')}`;
}
