// V8 flags the gateway sets on itself, first thing in main.ts (before the modules that serve requests are
// compiled), so every way of starting it (npm start, the bench, Docker) runs with them. Both are read by V8 at each
// GC, so setting them at run time takes effect (heap sizes such as --max-semi-space-size do not: they are fixed
// when the isolate is created and must be given on the node command line).
//
// --no-allocation-site-pretenuring: under load V8 decided, from a few object-literal sites whose objects outlived
// one scavenge, to allocate those sites' objects (and the Buffers they hold) straight in the old generation. They
// are per-request and short-lived, so the old generation grew by ~2.5 MB per scavenge (~2.5 KB per request) until
// the next full mark-compact, with ArrayBuffer backing stores (malloc) retained alongside. Bench, 2 s warm-up at 50
// connections, then 1,000 streams: RSS idle 197-205 → 157-162 MB, peak 233-240 → 186-195 MB; scavenges ~0.7 ms
// instead of 2-4 ms; req/s unchanged.
//
// --heap-growing-percent=50: after a mark-compact V8 lets the old generation grow to up to 4× what survived before
// the next one; at the gateway's ~40 MB live set that headroom is 40-60 MB of garbage kept resident under load.
// 1.5× keeps it at ~20 MB: after 6 s of load, RSS idle ~168 → ~154 MB, peak with 1,000 streams ~201 → ~169 MB;
// req/s within noise (mark-compacts are incremental/concurrent and stay rare at this live size).
import { setFlagsFromString } from 'node:v8';

export const GATEWAY_V8_FLAGS = ['--no-allocation-site-pretenuring', '--heap-growing-percent=50'] as const;

export function applyHeapFlags(flags: readonly string[] = GATEWAY_V8_FLAGS): void {
  for (const flag of flags) setFlagsFromString(flag);
}

applyHeapFlags();
