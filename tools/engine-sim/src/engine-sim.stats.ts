// Counters the simulator keeps: request totals, tokens, finish reasons and the time-to-first-token histogram.

/** vLLM's buckets for vllm:time_to_first_token_seconds. */
export const TTFT_BUCKETS_SECONDS: ReadonlyArray<number> = [
  0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0, 160.0,
  640.0, 2560.0,
];

export interface HistogramSnapshot {
  bounds: ReadonlyArray<number>;
  /** Cumulative counts, one per bound (the +Inf bucket is `count`). */
  cumulative: number[];
  sum: number;
  count: number;
}

export interface EngineSimCounters {
  /** Inference requests received (chat, completions, embeddings), including rejected ones. */
  requestsReceived: number;
  /** Inference requests answered successfully (completed streams included). */
  requestsServed: number;
  /** Inference requests answered with an error status (injected or validation). */
  requestsFailed: number;
  /** Requests whose client went away before the answer was complete. */
  requestsAborted: number;
  promptTokens: number;
  generationTokens: number;
  finishedStop: number;
  finishedLength: number;
}

export class EngineSimStats implements EngineSimCounters {
  requestsReceived = 0;
  requestsServed = 0;
  requestsFailed = 0;
  requestsAborted = 0;
  promptTokens = 0;
  generationTokens = 0;
  finishedStop = 0;
  finishedLength = 0;
  private readonly ttftCounts = new Array<number>(TTFT_BUCKETS_SECONDS.length).fill(0);
  private ttftSum = 0;
  private ttftCount = 0;

  observeTtft(seconds: number): void {
    this.ttftSum += seconds;
    this.ttftCount++;
    for (let i = 0; i < TTFT_BUCKETS_SECONDS.length; i++) {
      if (seconds <= TTFT_BUCKETS_SECONDS[i]) {
        this.ttftCounts[i]++;
        return;
      }
    }
  }

  ttft(): HistogramSnapshot {
    const cumulative: number[] = [];
    let running = 0;
    for (const count of this.ttftCounts) cumulative.push((running += count));
    return { bounds: TTFT_BUCKETS_SECONDS, cumulative, sum: this.ttftSum, count: this.ttftCount };
  }

  counters(): EngineSimCounters {
    const { requestsReceived, requestsServed, requestsFailed, requestsAborted, promptTokens, generationTokens, finishedStop, finishedLength } = this;
    return { requestsReceived, requestsServed, requestsFailed, requestsAborted, promptTokens, generationTokens, finishedStop, finishedLength };
  }

  reset(): void {
    this.requestsReceived = this.requestsServed = this.requestsFailed = this.requestsAborted = 0;
    this.promptTokens = this.generationTokens = this.finishedStop = this.finishedLength = 0;
    this.ttftCounts.fill(0);
    this.ttftSum = 0;
    this.ttftCount = 0;
  }
}
