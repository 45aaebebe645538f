// POST /v1/chat/completions, /v1/completions and /v1/embeddings: read, inject errors, validate, then answer at
// once (no delay configured and a free slot: the fast path, no timers or listeners) or through a GenerationSession.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CompletionStreamFormat, ResponseFrame, chatCompletionBody, textCompletionBody } from './completion.formatter';
import { embeddingVector, embeddingsBody } from './embedding.formatter';
import { EngineErrorResponse, formatErrorBody } from './engine-error.formatter';
import { GenerationSession, SessionHost, SessionPlan } from './generation.session';
import { findRequestId, readBody, sendEventStream, sendJson } from './http.io';
import {
  EmbeddingRequest,
  GenerationRequest,
  parseChatRequest,
  parseCompletionRequest,
  parseEmbeddingRequest,
} from './inference-request.parser';

export type InferenceKind = 'chat' | 'text' | 'embedding';

export interface InferenceHost extends SessionHost {
  /** The served model name, JSON-encoded. */
  readonly modelJson: string;
  /** Larger request bodies are answered 413. */
  readonly maxBodyBytes: number;
  nextId(prefix: string): string;
}

const ID_PREFIX: Readonly<Record<InferenceKind, string>> = { chat: 'chatcmpl-', text: 'cmpl-', embedding: 'embd-' };

function frameFor(host: InferenceHost, kind: InferenceKind): ResponseFrame {
  return { id: host.nextId(ID_PREFIX[kind]), created: Math.floor(Date.now() / 1000), modelJson: host.modelJson };
}

export function handleInference(host: InferenceHost, kind: InferenceKind, req: IncomingMessage, res: ServerResponse): void {
  const arrivalMs = performance.now();
  const requestId = findRequestId(req);
  host.stats.requestsReceived++;
  readBody(req, host.maxBodyBytes, (raw) => {
    const knobs = host.knobs;
    if (raw === null) return fail(host, res, 413, 'Request body too large', requestId);
    if (knobs.errorRate > 0 && Math.random() < knobs.errorRate) {
      return fail(host, res, knobs.errorStatus, `Simulated engine error (engine-sim errorRate=${knobs.errorRate})`, requestId);
    }
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch (error) {
      return fail(host, res, 400, `Invalid JSON in request body: ${(error as Error).message}`, requestId);
    }
    if (kind === 'embedding') {
      const parsed = parseEmbeddingRequest(body, knobs);
      if (!parsed.ok) return failWith(host, res, parsed.error, requestId);
      return answerEmbedding(host, res, parsed.value, requestId, arrivalMs);
    }
    const parsed = kind === 'chat' ? parseChatRequest(body, knobs) : parseCompletionRequest(body, knobs);
    if (!parsed.ok) return failWith(host, res, parsed.error, requestId);
    answerGeneration(host, kind, res, parsed.value, requestId, arrivalMs);
  });
}

function fail(host: InferenceHost, res: ServerResponse, status: number, message: string, requestId: string | undefined): void {
  host.stats.requestsFailed++;
  sendJson(res, status, formatErrorBody(status, message), requestId);
}

function failWith(host: InferenceHost, res: ServerResponse, error: EngineErrorResponse, requestId: string | undefined): void {
  host.stats.requestsFailed++;
  sendJson(res, error.status, error.body, requestId);
}

function isInstant(host: InferenceHost): boolean {
  const knobs = host.knobs;
  return knobs.ttftMs === 0 && knobs.itlMs === 0 && knobs.latencyJitterMs === 0;
}

function countSuccess(host: InferenceHost, request: GenerationRequest | null, promptTokens: number, arrivalMs: number): void {
  const stats = host.stats;
  stats.observeTtft((performance.now() - arrivalMs) / 1000);
  stats.promptTokens += promptTokens;
  stats.requestsServed++;
  if (request) {
    stats.generationTokens += request.completionTokens * request.choices;
    if (request.finishReason === 'stop') stats.finishedStop++;
    else stats.finishedLength++;
  }
}

function answerGeneration(
  host: InferenceHost,
  kind: 'chat' | 'text',
  res: ServerResponse,
  request: GenerationRequest,
  requestId: string | undefined,
  arrivalMs: number,
): void {
  const frame = frameFor(host, kind);
  if (isInstant(host) && host.queue.tryAcquire()) {
    if (request.stream) {
      sendEventStream(res, new CompletionStreamFormat(kind, frame, request).whole(), requestId);
    } else {
      sendJson(res, 200, kind === 'chat' ? chatCompletionBody(frame, request) : textCompletionBody(frame, request), requestId);
    }
    countSuccess(host, request, request.promptTokens, arrivalMs);
    host.queue.release();
    return;
  }
  const plan: SessionPlan = {
    promptTokens: request.promptTokens,
    completionTokens: request.completionTokens,
    choices: request.choices,
    finishReason: request.finishReason,
    stream: request.stream ? new CompletionStreamFormat(kind, frame, request) : null,
    body: request.stream ? null : () => (kind === 'chat' ? chatCompletionBody(frame, request) : textCompletionBody(frame, request)),
  };
  new GenerationSession(host, res, requestId, arrivalMs, plan).begin();
}

function answerEmbedding(host: InferenceHost, res: ServerResponse, request: EmbeddingRequest, requestId: string | undefined, arrivalMs: number): void {
  const frame = frameFor(host, 'embedding');
  const dim = request.dimensions || host.knobs.embeddingDim;
  const body = () => embeddingsBody(frame, request.seeds.map((seed) => embeddingVector(seed, dim)), request.base64, request.promptTokens);
  if (isInstant(host) && host.queue.tryAcquire()) {
    sendJson(res, 200, body(), requestId);
    countSuccess(host, null, request.promptTokens, arrivalMs);
    host.queue.release();
    return;
  }
  const plan: SessionPlan = { promptTokens: request.promptTokens, completionTokens: 0, choices: 1, finishReason: null, stream: null, body };
  new GenerationSession(host, res, requestId, arrivalMs, plan).begin();
}
