// Token counts when the upstream reports none: a deterministic approximation of a BPE tokenizer (one token per six
// characters of a word run, one per other non-space character, a fixed overhead per chat message).
// Counts made here are always flagged `estimated` in usage records.
import type { Endpoint } from '../providers';

export const CHAT_MESSAGE_OVERHEAD = 4;
const CHARS_PER_WORD_TOKEN = 6;

function isWord(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95 || code >= 0x80;
}

function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 160;
}

export function estimateTextTokens(text: string): number {
  let tokens = 0;
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isWord(code)) {
      run++;
      continue;
    }
    if (run > 0) tokens += Math.ceil(run / CHARS_PER_WORD_TOKEN);
    run = 0;
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
