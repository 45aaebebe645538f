// The Lua script wrk runs for one bench cell: a fixed POST (method, headers, body) and a done() hook that prints
// the summary as one JSON line, so no one parses wrk's human output. Pure.

export const WRK_JSON_MARKER = 'WRK_JSON ';

export interface WrkRequestSpec {
  method: 'GET' | 'POST';
  headers: Readonly<Record<string, string>>;
  body?: string;
}

/** A double-quoted Lua string literal (LuaJIT: no \u escapes, so non-ASCII goes out as decimal byte escapes). */
export function luaString(value: string): string {
  let out = '"';
  for (const byte of Buffer.from(value, 'utf8')) {
    if (byte === 0x22) out += '\\"';
    else if (byte === 0x5c) out += '\\\\';
    else if (byte >= 0x20 && byte < 0x7f) out += String.fromCharCode(byte);
    else out += `\\${byte}`;
  }
  return out + '"';
}

export function buildWrkScript(spec: WrkRequestSpec): string {
  const lines = [`wrk.method = ${luaString(spec.method)}`];
  for (const [name, value] of Object.entries(spec.headers)) lines.push(`wrk.headers[${luaString(name)}] = ${luaString(value)}`);
  if (spec.body !== undefined) lines.push(`wrk.body = ${luaString(spec.body)}`);
  lines.push(
    'done = function(summary, latency, requests)',
    '  local e = summary.errors',
    `  io.write(string.format(${luaString(WRK_JSON_MARKER)} .. '{"requests":%.0f,"duration_us":%.0f,"bytes":%.0f,"p50_us":%.0f,"p90_us":%.0f,"p99_us":%.0f,"max_us":%.0f,"connect_errors":%.0f,"read_errors":%.0f,"write_errors":%.0f,"status_errors":%.0f,"timeouts":%.0f}\\n',`,
    '    summary.requests, summary.duration, summary.bytes, latency:percentile(50), latency:percentile(90), latency:percentile(99),',
    '    latency.max, e.connect, e.read, e.write, e.status, e.timeout))',
    'end',
  );
  return lines.join('\n') + '\n';
}

export interface WrkSummary {
  requests: number;
  durationUs: number;
  bytes: number;
  p50Us: number;
  p90Us: number;
  p99Us: number;
  maxUs: number;
  /** Socket errors and timeouts. */
  socketErrors: number;
  /** Responses with a status >= 400. */
  statusErrors: number;
}

interface WrkJson {
  requests: number;
  duration_us: number;
  bytes: number;
  p50_us: number;
  p90_us: number;
  p99_us: number;
  max_us: number;
  connect_errors: number;
  read_errors: number;
  write_errors: number;
  status_errors: number;
  timeouts: number;
}

/** Finds the JSON line the script's done() printed; null when wrk did not get that far. */
export function parseWrkOutput(stdout: string): WrkSummary | null {
  const line = stdout.split('\n').find((l) => l.startsWith(WRK_JSON_MARKER));
  if (!line) return null;
  let raw: WrkJson;
  try {
    raw = JSON.parse(line.slice(WRK_JSON_MARKER.length)) as WrkJson;
  } catch {
    return null;
  }
  return {
    requests: raw.requests,
    durationUs: raw.duration_us,
    bytes: raw.bytes,
    p50Us: raw.p50_us,
    p90Us: raw.p90_us,
    p99Us: raw.p99_us,
    maxUs: raw.max_us,
    socketErrors: raw.connect_errors + raw.read_errors + raw.write_errors + raw.timeouts,
    statusErrors: raw.status_errors,
  };
}
