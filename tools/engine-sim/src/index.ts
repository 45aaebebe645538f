// engine-sim: a vLLM-like OpenAI-compatible inference engine simulator, in process or as a child process.
// Must not depend on any service or on Switchyard's gateway; it only speaks HTTP (node:http).
export { startEngineSim, type StartEngineSimOptions, type EngineSimHandle } from './engine-sim.start';
export { spawnEngineSim, knobFlags, type SpawnEngineSimOptions, type SpawnedEngineSim, type EngineSimExit } from './engine-sim.spawn';
export { EngineSimServer, type EngineSimServerOptions, type EngineSimState, type EngineSimStatsSnapshot } from './engine-sim.server';
export { KnobValidationError } from './engine-sim.errors';
export { DEFAULT_KNOBS, KNOB_NAMES, validateKnobPatch, type EngineSimKnobs, type HealthMode } from './engine-sim.knobs';
export { countTokens, countChatPromptTokens, CHAT_MESSAGE_OVERHEAD_TOKENS } from './tokenizer';
export { generatedText, generatedToken } from './text-generator';
export { embeddingVector } from './embedding.formatter';
