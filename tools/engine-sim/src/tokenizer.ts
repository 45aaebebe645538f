// A deterministic stand-in tokenizer: every match of /\w+|[^\s\w]/g is one token (a run of word characters,
// or one other non-space UTF-16 unit). Implemented as a char-code scan: no regex, no allocation.

/** Tokens added for every chat message (role and separators), on top of its content tokens. */
export const CHAT_MESSAGE_OVERHEAD_TOKENS = 4;

function isWordCode(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95;
}

/** JavaScript's `\s` (WhiteSpace and LineTerminator code points). */
function isSpaceCode(code: number): boolean {
  if (code <= 32) return code === 32 || (code >= 9 && code <= 13);
  if (code < 160) return false;
  return (
    code === 160 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 ||
    code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff
  );
}

/** Number of matches of /\w+|[^\s\w]/g in `text`. */
export function countTokens(text: string): number {
  let count = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isWordCode(code)) {
      if (!inWord) {
        count++;
        inWord = true;
      }
    } else {
      inWord = false;
      if (!isSpaceCode(code)) count++;
    }
  }
  return count;
}

/** Tokens of a chat message's content: a string, or an array of parts whose `text` fields count. */
export function countContentTokens(content: unknown): number {
  if (typeof content === 'string') return countTokens(content);
  if (!Array.isArray(content)) return 0;
  let count = 0;
  for (const part of content) {
    if (typeof part === 'string') count += countTokens(part);
    else if (typeof part === 'object' && part !== null) {
      const text = (part as { text?: unknown }).text;
      if (typeof text === 'string') count += countTokens(text);
    }
  }
  return count;
}

/** Prompt tokens of a chat request: content tokens of every message plus a fixed overhead per message. */
export function countChatPromptTokens(messages: ReadonlyArray<{ content?: unknown }>): number {
  let count = 0;
  for (const message of messages) count += CHAT_MESSAGE_OVERHEAD_TOKENS + countContentTokens(message.content);
  return count;
}
