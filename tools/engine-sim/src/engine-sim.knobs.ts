// The simulator's knobs: their defaults and the validation of a partial patch (from CLI flags or POST /control).
// Pure: no I/O.

export type HealthMode = 'ok' | 'fail' | 'slow' | 'hang';

export interface EngineSimKnobs {
  /** Served model name: requests naming another model get vLLM's 404. */
  model: string;
  maxModelLen: number;
  /** Delay before the first token (streaming) or before the generation starts (non-streaming). */
  ttftMs: number;
  /** Delay between two tokens. A non-streaming answer waits ttftMs + itlMs × (tokens − 1). */
  itlMs: number;
  /** Uniform random extra delay in [0, latencyJitterMs) added to the time to first token and to every token gap. */
  latencyJitterMs: number;
  /** Requests beyond it wait FIFO (vllm:num_requests_waiting). 0 = unlimited. */
  maxConcurrency: number;
  /** Probability (0..1) that an inference request is answered with errorStatus. */
  errorRate: number;
  errorStatus: number;
  /** Accept inference requests but never answer them. */
  hang: boolean;
  health: HealthMode;
  /** How long GET /health takes when health is "slow". */
  healthDelayMs: number;
  /** Setting it makes the process exit with code 1 (in-process servers drop every connection and stop listening). */
  crash: boolean;
  /** Stop listening and drop open connections; false listens again on the same port. */
  refuseConnections: boolean;
  /** When refuseConnections is set: listen again by itself after this many ms (0 = only when told). */
  refuseForMs: number;
  embeddingDim: number;
  /** Completion tokens when the request gives no max_tokens (finish_reason "stop"). */
  defaultMaxTokens: number;
}

export const DEFAULT_KNOBS: Readonly<EngineSimKnobs> = Object.freeze({
  model: 'sim-model',
  maxModelLen: 8192,
  ttftMs: 0,
  itlMs: 0,
  latencyJitterMs: 0,
  maxConcurrency: 0,
  errorRate: 0,
  errorStatus: 500,
  hang: false,
  health: 'ok',
  healthDelayMs: 2000,
  crash: false,
  refuseConnections: false,
  refuseForMs: 0,
  embeddingDim: 16,
  defaultMaxTokens: 16,
});

type KnobKind = 'string' | 'int' | 'number' | 'boolean' | 'health' | 'status' | 'rate';

const KNOB_KINDS: Readonly<Record<keyof EngineSimKnobs, KnobKind>> = {
  model: 'string',
  maxModelLen: 'int',
  ttftMs: 'number',
  itlMs: 'number',
  latencyJitterMs: 'number',
  maxConcurrency: 'int',
  errorRate: 'rate',
  errorStatus: 'status',
  hang: 'boolean',
  health: 'health',
  healthDelayMs: 'number',
  crash: 'boolean',
  refuseConnections: 'boolean',
  refuseForMs: 'number',
  embeddingDim: 'int',
  defaultMaxTokens: 'int',
};

export const KNOB_NAMES = Object.keys(KNOB_KINDS) as ReadonlyArray<keyof EngineSimKnobs>;

export type KnobPatchResult =
  | { ok: true; patch: Partial<EngineSimKnobs> }
  | { ok: false; error: string };

const HEALTH_MODES: ReadonlyArray<string> = ['ok', 'fail', 'slow', 'hang'];
const MAX_EMBEDDING_DIM = 65536;

function isKnobName(name: string): name is keyof EngineSimKnobs {
  return Object.prototype.hasOwnProperty.call(KNOB_KINDS, name);
}

/** Coerces a CLI string to the JSON value its knob expects (numbers and booleans); other values pass unchanged. */
export function coerceKnobValue(name: string, raw: string): unknown {
  if (!isKnobName(name)) return raw;
  const kind = KNOB_KINDS[name];
  if (kind === 'boolean') return raw === '' || raw === 'true' || raw === '1' ? true : raw === 'false' || raw === '0' ? false : raw;
  if (kind === 'string' || kind === 'health') return raw;
  const value = Number(raw);
  return raw.trim() === '' || Number.isNaN(value) ? raw : value;
}

function checkValue(name: keyof EngineSimKnobs, value: unknown): string | null {
  switch (KNOB_KINDS[name]) {
    case 'string':
      return typeof value === 'string' && value.length > 0 && value.length <= 512 ? null : 'must be a non-empty string';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be a boolean';
    case 'health':
      return typeof value === 'string' && HEALTH_MODES.includes(value) ? null : 'must be one of ok, fail, slow, hang';
    case 'rate':
      return typeof value === 'number' && value >= 0 && value <= 1 ? null : 'must be a number between 0 and 1';
    case 'status':
      return Number.isInteger(value) && (value as number) >= 400 && (value as number) <= 599 ? null : 'must be an HTTP error status (400..599)';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? null : 'must be a number >= 0';
    case 'int': {
      if (!Number.isInteger(value) || (value as number) < 0) return 'must be an integer >= 0';
      const min = name === 'maxConcurrency' ? 0 : 1;
      if ((value as number) < min) return `must be an integer >= ${min}`;
      if (name === 'embeddingDim' && (value as number) > MAX_EMBEDDING_DIM) return `must be at most ${MAX_EMBEDDING_DIM}`;
      return null;
    }
  }
}

/** Validates a partial knob object; unknown names and wrong types are errors (the first one is reported). */
export function validateKnobPatch(input: unknown): KnobPatchResult {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, error: 'knobs must be a JSON object' };
  }
  const patch: Partial<Record<keyof EngineSimKnobs, unknown>> = {};
  for (const [name, value] of Object.entries(input)) {
    if (!isKnobName(name)) return { ok: false, error: `unknown knob "${name}" (known: ${KNOB_NAMES.join(', ')})` };
    const problem = checkValue(name, value);
    if (problem) return { ok: false, error: `knob "${name}" ${problem}, got ${JSON.stringify(value)}` };
    patch[name] = value;
  }
  return { ok: true, patch: patch as Partial<EngineSimKnobs> };
}
