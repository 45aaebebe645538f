// Pure usage accounting: the upstream's own counts when it reported them; otherwise the gateway's estimate from the
// request body and the text actually delivered, flagged `estimated`. Nothing consumed = zeros.
import type { Endpoint, Usage } from '../providers';
import { estimatePromptTokens, estimateTextTokens } from './token.estimator';

export interface UsageCounts {
  promptTokens: number;
  cachedPromptTokens: number;
  completionTokens: number;
  estimated: boolean;
}

export const NO_USAGE: UsageCounts = Object.freeze({ promptTokens: 0, cachedPromptTokens: 0, completionTokens: 0, estimated: false });

export interface UsageEvidence {
  endpoint: Endpoint;
  body: Record<string, unknown>;
  /** What the upstream reported (body `usage`, or the stream's usage chunk). */
  reported: Usage | undefined;
  /** Whether an upstream accepted the request (response headers arrived with 2xx). */
  upstreamAccepted: boolean;
  /** The generated text delivered to the client (or received), for estimation. */
  completionText: string;
}

export function accountUsage(e: UsageEvidence): UsageCounts {
  if (e.reported) {
    return {
      promptTokens: Math.round(e.reported.promptTokens),
      cachedPromptTokens: Math.round(e.reported.cachedTokens),
      completionTokens: Math.round(e.reported.completionTokens),
      estimated: false,
    };
  }
  if (!e.upstreamAccepted) return NO_USAGE;
  return {
    promptTokens: estimatePromptTokens(e.endpoint, e.body),
    cachedPromptTokens: 0,
    completionTokens: e.endpoint === 'embedding' ? 0 : estimateTextTokens(e.completionText),
    estimated: true,
  };
}

function choiceText(choice: unknown): string {
  if (typeof choice !== 'object' || choice === null) return '';
  const c = choice as { delta?: { content?: unknown }; message?: { content?: unknown }; text?: unknown };
  const fromDelta = c.delta?.content;
  if (typeof fromDelta === 'string') return fromDelta;
  const fromMessage = c.message?.content;
  if (typeof fromMessage === 'string') return fromMessage;
  return typeof c.text === 'string' ? c.text : '';
}

/** The generated text in an OpenAI-format body or chunk (chat message/delta content, completion text). */
export function generatedText(json: unknown): string {
  if (typeof json !== 'object' || json === null) return '';
  const choices = (json as { choices?: unknown }).choices;
  if (!Array.isArray(choices)) return '';
  let out = '';
  for (const choice of choices) out += choiceText(choice);
  return out;
}

/** The generated text of OpenAI-format SSE text (as forwarded to the client); tolerant of partial events. */
export function generatedTextFromSse(sse: string): string {
  let out = '';
  for (const line of sse.split(/\r?\n/)) {
    if (!line.startsWith('data:')) continue;
    const data = line.slice(5).trim();
    if (data === '' || data === '[DONE]') continue;
    try {
      out += generatedText(JSON.parse(data));
    } catch {
      // a partial or foreign event: nothing to count
    }
  }
  return out;
}
