// One admitted inference request that has to wait (queue slot, time to first token, inter-token latency):
// its timers, its stream writes and its bookkeeping. Requests with no delay at all never get one (fast path).
import type { ServerResponse } from 'node:http';
import type { CompletionStreamFormat } from './completion.formatter';
import type { EngineSimKnobs } from './engine-sim.knobs';
import type { EngineSimStats } from './engine-sim.stats';
import { sendJson, startEventStream } from './http.io';
import type { FinishReason } from './inference-request.parser';
import type { QueueTicket, RequestQueue } from './request.queue';

export interface SessionHost {
  readonly knobs: EngineSimKnobs;
  readonly queue: RequestQueue;
  readonly stats: EngineSimStats;
  readonly sessions: Set<GenerationSession>;
  inFlight: number;
}

export interface SessionPlan {
  promptTokens: number;
  /** Tokens per choice (0 for embeddings). */
  completionTokens: number;
  choices: number;
  /** null for embeddings, which are not counted in vllm:request_success_total. */
  finishReason: FinishReason | null;
  /** Set for streamed answers. */
  stream: CompletionStreamFormat | null;
  /** The whole answer, for non-streamed ones. */
  body: (() => string) | null;
}

function jitter(knobs: EngineSimKnobs): number {
  return knobs.latencyJitterMs > 0 ? Math.random() * knobs.latencyJitterMs : 0;
}

export class GenerationSession implements QueueTicket {
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private done = false;
  private tokenIndex = 0;
  private cancelQueued: () => boolean = () => false;

  constructor(
    private readonly host: SessionHost,
    private readonly res: ServerResponse,
    private readonly requestId: string | undefined,
    private readonly arrivalMs: number,
    private readonly plan: SessionPlan,
  ) {}

  /** Sends stream headers at once (as vLLM does) and joins the queue. */
  begin(): void {
    this.host.inFlight++;
    this.host.sessions.add(this);
    this.res.on('close', () => {
      if (!this.done) this.abort();
    });
    if (this.plan.stream) startEventStream(this.res, this.requestId);
    this.cancelQueued = this.host.queue.enqueue(this);
  }

  /** Queue slot granted. */
  start(): void {
    if (this.done) {
      this.host.queue.release();
      return;
    }
    this.running = true;
    const delay = this.host.knobs.ttftMs + jitter(this.host.knobs);
    this.timer = setTimeout(() => this.firstToken(), delay);
  }

  /** Stops timers and frees the slot or queue place (client disconnect or server shutdown). */
  abort(): void {
    if (this.done) return;
    this.done = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.running) this.host.queue.release();
    else this.cancelQueued();
    this.host.stats.requestsAborted++;
    this.leave();
    if (!this.res.destroyed) this.res.destroy();
  }

  private firstToken(): void {
    this.timer = null;
    const stats = this.host.stats;
    stats.observeTtft((performance.now() - this.arrivalMs) / 1000);
    stats.promptTokens += this.plan.promptTokens;
    const stream = this.plan.stream;
    if (!stream) {
      const rest = this.host.knobs.itlMs * Math.max(0, this.plan.completionTokens - 1);
      const delay = rest > 0 ? rest + jitter(this.host.knobs) : 0;
      if (delay > 0) this.timer = setTimeout(() => this.finish(), delay);
      else this.finish();
      return;
    }
    if (this.host.knobs.itlMs <= 0 && this.host.knobs.latencyJitterMs <= 0) {
      stats.generationTokens += this.plan.completionTokens * this.plan.choices;
      this.tokenIndex = this.plan.completionTokens;
      this.res.write(stream.opening() + this.allTokens(stream));
      this.finish();
      return;
    }
    this.res.write(stream.opening());
    this.nextToken();
  }

  private allTokens(stream: CompletionStreamFormat): string {
    let out = '';
    for (let t = 0; t < this.plan.completionTokens; t++) out += stream.token(t);
    return out;
  }

  private nextToken(): void {
    this.timer = null;
    const stream = this.plan.stream as CompletionStreamFormat;
    this.res.write(stream.token(this.tokenIndex++));
    this.host.stats.generationTokens += this.plan.choices;
    if (this.tokenIndex >= this.plan.completionTokens) {
      this.finish();
      return;
    }
    this.timer = setTimeout(() => this.nextToken(), this.host.knobs.itlMs + jitter(this.host.knobs));
  }

  private finish(): void {
    this.timer = null;
    this.done = true;
    const { stats } = this.host;
    if (this.plan.stream) {
      this.res.end(this.plan.stream.closing());
    } else {
      stats.generationTokens += this.plan.completionTokens * this.plan.choices;
      sendJson(this.res, 200, (this.plan.body as () => string)(), this.requestId);
    }
    stats.requestsServed++;
    if (this.plan.finishReason === 'stop') stats.finishedStop++;
    else if (this.plan.finishReason === 'length') stats.finishedLength++;
    this.host.queue.release();
    this.leave();
  }

  private leave(): void {
    this.host.inFlight--;
    this.host.sessions.delete(this);
  }
}
