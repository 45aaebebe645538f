// Test helpers (specs only): read fixtures, replay a stream through a translator under different chunkings.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StreamTranslator } from '../provider-adapter';

export function readFixture(dir: string, name: string): string {
  return readFileSync(join(dir, 'fixtures', name), 'utf8');
}

export function readJsonFixture(dir: string, name: string): unknown {
  return JSON.parse(readFixture(dir, name)) as unknown;
}

/** Feeds `pieces` in order, then end(); returns everything the translator emitted. */
export function replay(translator: StreamTranslator, pieces: ReadonlyArray<string | Uint8Array>): string {
  let out = '';
  for (const piece of pieces) out += translator.push(piece);
  return out + translator.end();
}

/** The bytes of `text` cut at the given byte offsets. */
export function splitBytes(text: string, cuts: readonly number[]): Uint8Array[] {
  const bytes = new TextEncoder().encode(text);
  const points = [0, ...[...cuts].sort((a, b) => a - b), bytes.length];
  const out: Uint8Array[] = [];
  for (let i = 0; i + 1 < points.length; i++) out.push(bytes.subarray(points[i], points[i + 1]));
  return out;
}

export function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** Deterministic pseudo-random cut points (mulberry32), so a failure can be reproduced from its seed. */
export function randomCuts(length: number, count: number, seed: number): number[] {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from({ length: count }, () => 1 + Math.floor(next() * Math.max(1, length - 1)));
}

/** Every way to feed the stream: whole, one byte at a time, cut once at every byte, and random multi-cuts. */
export function chunkings(text: string): Array<{ name: string; pieces: Array<string | Uint8Array> }> {
  const length = byteLength(text);
  const out: Array<{ name: string; pieces: Array<string | Uint8Array> }> = [
    { name: 'whole string', pieces: [text] },
    { name: 'one byte at a time', pieces: splitBytes(text, Array.from({ length: length - 1 }, (_, i) => i + 1)) },
  ];
  for (let cut = 1; cut < length; cut++) out.push({ name: `cut at byte ${cut}`, pieces: splitBytes(text, [cut]) });
  for (let seed = 1; seed <= 50; seed++) out.push({ name: `random cuts seed ${seed}`, pieces: splitBytes(text, randomCuts(length, 12, seed)) });
  return out;
}

/** Parses translator output into the JSON payloads of its `data:` events ('[DONE]' kept as a string). */
export function dataPayloads(sse: string): unknown[] {
  return sse
    .split('\n\n')
    .filter((block) => block.startsWith('data: '))
    .map((block) => {
      const data = block.slice('data: '.length);
      return data === '[DONE]' ? data : (JSON.parse(data) as unknown);
    });
}
