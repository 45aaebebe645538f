// Pure NATS subject-pattern logic for the JetStream transport: matching, overlap removal, a covering filter for
// servers without multi-filter consumers, redelivery back-off and version checks. No I/O.

const TOKEN = /^[^\s.*>]+$/;

/** True for a syntactically valid subject or pattern: non-empty tokens, `*` anywhere, `>` only last. */
export function isValidPattern(pattern: string): boolean {
  if (pattern.length === 0 || pattern.length > 255) return false;
  const tokens = pattern.split('.');
  return tokens.every((t, i) => TOKEN.test(t) || t === '*' || (t === '>' && i === tokens.length - 1));
}

/** True when `subject` (no wildcards) matches `pattern`. */
export function subjectMatches(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i += 1) {
    if (p[i] === '>') return s.length > i;
    if (i >= s.length) return false;
    if (p[i] !== '*' && p[i] !== s[i]) return false;
  }
  return p.length === s.length;
}

/** True when every subject matched by `inner` is also matched by `outer`. */
export function patternCovers(outer: string, inner: string): boolean {
  const o = outer.split('.');
  const n = inner.split('.');
  for (let i = 0; i < o.length; i += 1) {
    if (o[i] === '>') return n.length > i;
    if (i >= n.length || n[i] === '>') return false;
    if (o[i] === '*') continue;
    if (n[i] === '*' || o[i] !== n[i]) return false;
  }
  return o.length === n.length;
}

/** The patterns without duplicates and without those another pattern already covers (servers refuse overlaps). */
export function minimalFilters(patterns: readonly string[]): string[] {
  const unique = [...new Set(patterns)];
  return unique.filter((p) => !unique.some((q) => q !== p && patternCovers(q, p))).sort();
}

/**
 * One filter covering every pattern (for servers before 2.10, which take a single filter subject): the longest
 * common literal token prefix followed by `>`. '' when the patterns share no prefix (consume the whole stream).
 */
export function coveringFilter(patterns: readonly string[]): string {
  if (patterns.length === 0) return '';
  if (patterns.length === 1) return patterns[0] ?? '';
  const split = patterns.map((p) => p.split('.'));
  const maxLen = Math.min(...split.map((t) => t.length)) - 1;
  const prefix: string[] = [];
  for (let i = 0; i < maxLen; i += 1) {
    const token = split[0]?.[i];
    if (token === undefined || token === '*' || token === '>' || !split.every((t) => t[i] === token)) break;
    prefix.push(token);
  }
  return prefix.length === 0 ? '' : `${prefix.join('.')}.>`;
}

/** Delay before redelivering after the `deliveryCount`-th failed attempt: doubling from `baseMs`, at most `maxMs`. */
export function redeliveryDelayMs(deliveryCount: number, baseMs: number, maxMs: number): number {
  const exponent = Math.max(0, Math.min(deliveryCount - 1, 30));
  return Math.min(maxMs, baseMs * 2 ** exponent);
}

/** True when server version `version` ('2.10.7', 'v2.9.10-beta') is at least `minimum` ('2.10.0'). */
export function versionAtLeast(version: string | undefined, minimum: string): boolean {
  if (!version) return false;
  const parse = (v: string) => (v.replace(/^v/, '').split(/[-+]/)[0] ?? '').split('.').map((n) => Number(n) || 0);
  const a = parse(version);
  const b = parse(minimum);
  for (let i = 0; i < 3; i += 1) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x > y;
  }
  return true;
}
