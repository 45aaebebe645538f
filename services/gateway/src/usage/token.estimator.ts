// Token counts when the upstream reports none: a deterministic approximation of a BPE tokenizer. Runs of word
// characters cost one token per six ASCII characters, non-ASCII letters (accented Latin, Cyrillic, Greek, Arabic…)
// count double within a run; each CJK ideograph, kana or Hangul syllable is a token of its own; any other
// non-space character is one token; chat messages carry a fixed overhead. Checked against cl100k_base (gpt-tokenizer
// 4.0.0, not a dependency: loading its ranks costs 42 MB resident, o200k 71 MB, more than the gateway's whole
// per-stream budget): within ±20 % on English prose, Markdown, TypeScript, JSON, German, French, Russian, Chinese,
// Japanese, Korean and emoji (before CJK was counted per character, Chinese came out 82 % low).
// Counts made here are always flagged `estimated` in usage records.
import type { Endpoint } from '../providers';

export const CHAT_MESSAGE_OVERHEAD = 4;
const CHARS_PER_WORD_TOKEN = 6;
/** Weight of a non-ASCII letter inside a word run (ASCII letters weigh 1). */
const NON_ASCII_WEIGHT = 2;

function isAsciiWord(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95;
}

function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 160;
}

/** CJK ideographs and punctuation, kana, Hangul, fullwidth forms, and the high half of astral pairs (emoji…). */
function isOwnToken(code: number): boolean {
  return (code >= 0x2e80 && code <= 0x9fff) || (code >= 0xac00 && code <= 0xd7af) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xff00 && code <= 0xffef) || (code >= 0xd800 && code <= 0xdbff);
}

export function estimateTextTokens(text: string): number {
  let tokens = 0;
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isAsciiWord(code)) {
      run++;
      continue;
    }
    if (code >= 0x80 && !isOwnToken(code) && !isSpace(code) && !(code >= 0xdc00 && code <= 0xdfff)) {
      run += NON_ASCII_WEIGHT;
      continue;
    }
    if (run > 0) tokens += Math.ceil(run / CHARS_PER_WORD_TOKEN);
    run = 0;
    if (code >= 0xdc00 && code <= 0xdfff) continue; // the low half of a pair was counted with its high half
    if (!isSpace(code)) tokens++;
  }
  if (run > 0) tokens += Math.ceil(run / CHARS_PER_WORD_TOKEN);
  return tokens;
}

function contentTokens(content: unknown): number {
  if (typeof content === 'string') return estimateTextTokens(content);
  if (!Array.isArray(content)) return 0;
  let n = 0;
  for (const part of content) {
    if (typeof part === 'string') n += estimateTextTokens(part);
    else if (typeof part === 'object' && part !== null) {
      const text = (part as { text?: unknown }).text;
      if (typeof text === 'string') n += estimateTextTokens(text);
    }
  }
  return n;
}

function promptLikeTokens(value: unknown): number {
  if (typeof value === 'string') return estimateTextTokens(value);
  if (!Array.isArray(value)) return 0;
  let n = 0;
  for (const item of value) {
    if (typeof item === 'string') n += estimateTextTokens(item);
    else if (typeof item === 'number') n += 1;
    else if (Array.isArray(item)) n += item.length;
  }
  return n;
}

/** Estimated input tokens of a validated request body. */
export function estimatePromptTokens(endpoint: Endpoint, body: Record<string, unknown>): number {
  if (endpoint === 'chat') {
    const messages = Array.isArray(body.messages) ? (body.messages as unknown[]) : [];
    let n = 0;
    for (const m of messages) {
      n += CHAT_MESSAGE_OVERHEAD;
      if (typeof m === 'object' && m !== null) n += contentTokens((m as { content?: unknown }).content);
    }
    return n;
  }
  return promptLikeTokens(endpoint === 'completion' ? body.prompt : body.input);
}
