// Deterministic generated text: token i is WORDS[i % WORDS.length], with a leading space after the first, so
// the text of n tokens counts exactly n tokens with the simulator's tokenizer and the stream concatenates to it.

const WORDS: ReadonlyArray<string> = [
  'the', 'quick', 'brown', 'fox', 'jumps', 'over', 'lazy', 'dog', 'while', 'engines', 'simulate', 'tokens',
  'for', 'every', 'request', 'sent', 'through', 'switchyard', 'gateway', 'and', 'back', 'again', 'with', 'care',
];

/** The i-th generated token as it appears in a stream delta (0-based). */
export function generatedToken(index: number): string {
  const word = WORDS[index % WORDS.length];
  return index === 0 ? word : ' ' + word;
}

const TEXT_CACHE_LIMIT = 4096;
const textCache = new Map<number, string>();

/** The whole text of `count` generated tokens (cached for small counts). */
export function generatedText(count: number): string {
  const cached = textCache.get(count);
  if (cached !== undefined) return cached;
  let text = '';
  for (let i = 0; i < count; i++) text += generatedToken(i);
  if (count <= TEXT_CACHE_LIMIT) textCache.set(count, text);
  return text;
}
