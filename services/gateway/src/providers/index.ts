// Provider adapters: pure translation between the gateway's OpenAI-format API and each upstream vendor
// (request building, response/stream translation, usage extraction, error mapping).
// Must not depend on HTTP clients, logging, configuration or any other gateway module: no I/O here.
export * from './provider-adapter';
export * from './provider.errors';
export * from './upstream-error.mapping';
export { createProviderRegistry, buildProviderRegistry, type ProviderRegistry } from './provider-registry';
export { SseEventParser, type SseEvent } from './shared/sse-event.parser';
export { createOpenAiAdapter } from './openai/openai.adapter';
export { createOpenAiCompatibleAdapter } from './openai-compatible/openai-compatible.adapter';
export { createAzureAdapter } from './azure/azure.adapter';
export { createAnthropicAdapter } from './anthropic/anthropic.adapter';
export { OpenAiStreamTranslator, isUsageOnlyChunk } from './openai/openai-stream.translator';
export { extractOpenAiUsage } from './openai/openai-usage.extractor';
export { AnthropicStreamTranslator } from './anthropic/anthropic-stream-to-openai-chunks';
export { openAiChatToAnthropicMessages, DEFAULT_ANTHROPIC_MAX_TOKENS } from './anthropic/openai-chat-to-anthropic-messages';
export { anthropicMessagesToOpenAiChat, mapAnthropicStopReason, anthropicUsage } from './anthropic/anthropic-messages-to-openai-chat';
