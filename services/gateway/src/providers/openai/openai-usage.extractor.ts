// Token usage from an OpenAI-format body or chunk: `usage.prompt_tokens`, `completion_tokens`,
// `prompt_tokens_details.cached_tokens` (embeddings report prompt tokens only).
import type { Usage } from '../provider-adapter';
import { asCount, asRecord } from '../shared/json-guards';

export function extractOpenAiUsage(json: unknown): Usage | undefined {
  const usage = asRecord(asRecord(json)?.usage);
  if (!usage) return undefined;
  const promptTokens = asCount(usage.prompt_tokens);
  const completionTokens = asCount(usage.completion_tokens);
  if (promptTokens === undefined && completionTokens === undefined) return undefined;
  const cachedTokens = asCount(asRecord(usage.prompt_tokens_details)?.cached_tokens) ?? 0;
  return { promptTokens: promptTokens ?? 0, cachedTokens, completionTokens: completionTokens ?? 0 };
}
