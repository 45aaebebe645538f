// Deterministic embeddings: a unit vector seeded from the input text (FNV-1a → mulberry32), rounded to float32
// so the float and base64 (float32 little-endian) encodings carry the same numbers. Pure.
import type { ResponseFrame } from './completion.formatter';

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** A unit-length vector of `dim` float32 values, the same for the same seed and dimension. */
export function embeddingVector(seed: string, dim: number): Float32Array {
  let state = fnv1a(seed) || 1;
  const values = new Float64Array(dim);
  let norm = 0;
  for (let i = 0; i < dim; i++) {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    const value = ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
    values[i] = value;
    norm += value * value;
  }
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  const out = new Float32Array(dim);
  for (let i = 0; i < dim; i++) out[i] = values[i] * scale;
  return out;
}

/** OpenAI's base64 encoding: the float32 little-endian bytes. */
export function embeddingBase64(vector: Float32Array): string {
  const bytes = Buffer.allocUnsafe(vector.length * 4);
  for (let i = 0; i < vector.length; i++) bytes.writeFloatLE(vector[i], i * 4);
  return bytes.toString('base64');
}

export function embeddingFloats(vector: Float32Array): string {
  let out = '[';
  for (let i = 0; i < vector.length; i++) out += (i > 0 ? ',' : '') + String(vector[i]);
  return out + ']';
}

export function embeddingsBody(frame: ResponseFrame, vectors: Float32Array[], base64: boolean, promptTokens: number): string {
  let data = '';
  for (let i = 0; i < vectors.length; i++) {
    const encoded = base64 ? `"${embeddingBase64(vectors[i])}"` : embeddingFloats(vectors[i]);
    data += `${i > 0 ? ',' : ''}{"index":${i},"object":"embedding","embedding":${encoded}}`;
  }
  return `{"id":"${frame.id}","object":"list","created":${frame.created},"model":${frame.modelJson},"data":[${data}],"usage":{"prompt_tokens":${promptTokens},"total_tokens":${promptTokens}}}`;
}
