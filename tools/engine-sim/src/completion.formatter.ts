// OpenAI/vLLM JSON for chat and text completions, whole and as SSE chunks. Strings are assembled from a
// per-request head and tail so a chunk costs one concatenation. Generated text never needs JSON escaping. Pure.
import type { FinishReason, GenerationRequest } from './inference-request.parser';
import { generatedText, generatedToken } from './text-generator';

export type CompletionKind = 'chat' | 'text';

/** What every body of one request shares. `modelJson` is the served model name, already JSON-encoded. */
export interface ResponseFrame {
  id: string;
  created: number;
  modelJson: string;
}

export const STREAM_DONE = 'data: [DONE]\n\n';

export function usageJson(promptTokens: number, completionTokens: number): string {
  return `{"prompt_tokens":${promptTokens},"total_tokens":${promptTokens + completionTokens},"completion_tokens":${completionTokens},"prompt_tokens_details":null}`;
}

function totalCompletionTokens(request: GenerationRequest): number {
  return request.completionTokens * request.choices;
}

export function chatCompletionBody(frame: ResponseFrame, request: GenerationRequest): string {
  const content = generatedText(request.completionTokens);
  let choices = '';
  for (let i = 0; i < request.choices; i++) {
    if (i > 0) choices += ',';
    choices += `{"index":${i},"message":{"role":"assistant","reasoning_content":null,"content":"${content}","tool_calls":[]},"logprobs":null,"finish_reason":"${request.finishReason}","stop_reason":null}`;
  }
  return `{"id":"${frame.id}","object":"chat.completion","created":${frame.created},"model":${frame.modelJson},"choices":[${choices}],"usage":${usageJson(request.promptTokens, totalCompletionTokens(request))},"prompt_logprobs":null}`;
}

export function textCompletionBody(frame: ResponseFrame, request: GenerationRequest): string {
  const text = generatedText(request.completionTokens);
  let choices = '';
  for (let i = 0; i < request.choices; i++) {
    if (i > 0) choices += ',';
    choices += `{"index":${i},"text":"${text}","logprobs":null,"finish_reason":"${request.finishReason}","stop_reason":null,"prompt_logprobs":null}`;
  }
  return `{"id":"${frame.id}","object":"text_completion","created":${frame.created},"model":${frame.modelJson},"choices":[${choices}],"usage":${usageJson(request.promptTokens, totalCompletionTokens(request))}}`;
}

/** Builds the SSE events of one streamed completion. */
export class CompletionStreamFormat {
  private readonly head: string;
  private readonly tail: string;

  constructor(
    readonly kind: CompletionKind,
    frame: ResponseFrame,
    private readonly request: GenerationRequest,
  ) {
    const object = kind === 'chat' ? 'chat.completion.chunk' : 'text_completion';
    this.head = `data: {"id":"${frame.id}","object":"${object}","created":${frame.created},"model":${frame.modelJson},"choices":[`;
    this.tail = request.includeUsage ? '],"usage":null}\n\n' : ']}\n\n';
  }

  /** Chat: one {role:"assistant",content:""} chunk per choice. Text completions have no opening chunk. */
  opening(): string {
    if (this.kind === 'text') return '';
    let out = '';
    for (let i = 0; i < this.request.choices; i++) {
      out += `${this.head}{"index":${i},"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}${this.tail}`;
    }
    return out;
  }

  /** The chunks carrying token `tokenIndex` (0-based), one per choice. */
  token(tokenIndex: number): string {
    const text = generatedToken(tokenIndex);
    let out = '';
    for (let i = 0; i < this.request.choices; i++) {
      out +=
        this.kind === 'chat'
          ? `${this.head}{"index":${i},"delta":{"content":"${text}"},"logprobs":null,"finish_reason":null}${this.tail}`
          : `${this.head}{"index":${i},"text":"${text}","logprobs":null,"finish_reason":null,"stop_reason":null}${this.tail}`;
    }
    return out;
  }

  /** The finish chunks, the usage chunk when asked for, and [DONE]. */
  closing(finishReason: FinishReason = this.request.finishReason): string {
    let out = '';
    for (let i = 0; i < this.request.choices; i++) {
      out +=
        this.kind === 'chat'
          ? `${this.head}{"index":${i},"delta":{},"logprobs":null,"finish_reason":"${finishReason}","stop_reason":null}${this.tail}`
          : `${this.head}{"index":${i},"text":"","logprobs":null,"finish_reason":"${finishReason}","stop_reason":null}${this.tail}`;
    }
    if (this.request.includeUsage) {
      out += `${this.head}],"usage":${usageJson(this.request.promptTokens, totalCompletionTokens(this.request))}}\n\n`;
    }
    return out + STREAM_DONE;
  }

  /** The whole stream at once (no inter-token delay). */
  whole(): string {
    let out = this.opening();
    for (let t = 0; t < this.request.completionTokens; t++) out += this.token(t);
    return out + this.closing();
  }
}
