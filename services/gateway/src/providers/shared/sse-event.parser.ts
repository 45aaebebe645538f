// Incremental Server-Sent Events parser (WHATWG rules): events split across arbitrary chunk boundaries,
// CRLF / LF / CR line ends (a CR at a chunk's end waits for a possible LF), multi-line `data:`, comments,
// `event:` and `id:` fields, a leading BOM, bytes split inside a UTF-8 sequence. Keeps each event's raw
// text so a pass-through can forward it byte for byte.

export interface SseEvent {
  /** The `event:` field, undefined when absent. */
  event?: string;
  /** The `data:` lines joined with '\n'; undefined when the block had no data line. */
  data?: string;
  id?: string;
  /** Comment lines (`: keep-alive`), without the colon. */
  comments: string[];
  /** The exact text of the block, its terminating blank line included. */
  raw: string;
}

const LINE_BREAK = /[\r\n]/g;

export class SseEventParser {
  private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  private buffer = '';
  private raw = '';
  private eventName: string | undefined;
  private dataLines: string[] = [];
  private id: string | undefined;
  private comments: string[] = [];
  private sawFirstChar = false;

  /** Feed text or bytes; returns the events completed by this chunk. */
  push(chunk: string | Uint8Array): SseEvent[] {
    const text = typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    return this.consume(text, false);
  }

  /** The stream closed: dispatches a last unterminated block, if any (lenient: the spec would drop it). */
  end(): SseEvent[] {
    return this.consume(this.decoder.decode(), true);
  }

  private consume(text: string, final: boolean): SseEvent[] {
    this.buffer += text;
    if (!this.sawFirstChar && this.buffer.length > 0) {
      this.sawFirstChar = true;
      if (this.buffer.charCodeAt(0) === 0xfeff) {
        this.raw += '\uFEFF';
        this.buffer = this.buffer.slice(1);
      }
    }
    const events: SseEvent[] = [];
    const buffer = this.buffer;
    let pos = 0;
    LINE_BREAK.lastIndex = 0;
    for (;;) {
      LINE_BREAK.lastIndex = pos;
      const match = LINE_BREAK.exec(buffer);
      if (!match) break;
      const at = match.index;
      let next = at + 1;
      if (buffer[at] === '\r') {
        if (at + 1 === buffer.length) {
          if (!final) break; // the LF of a CRLF may be in the next chunk
        } else if (buffer[at + 1] === '\n') {
          next = at + 2;
        }
      }
      this.raw += buffer.slice(pos, next);
      const event = this.line(buffer.slice(pos, at));
      if (event) events.push(event);
      pos = next;
    }
    this.buffer = buffer.slice(pos);
    if (final) {
      if (this.buffer.length > 0) {
        this.raw += this.buffer;
        this.line(this.buffer);
        this.buffer = '';
      }
      if (this.raw.length > 0) events.push(this.dispatch());
    }
    return events;
  }

  private line(line: string): SseEvent | undefined {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) {
      this.comments.push(line.slice(1).replace(/^ /, ''));
      return undefined;
    }
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'data':
        this.dataLines.push(value);
        break;
      case 'event':
        this.eventName = value;
        break;
      case 'id':
        if (!value.includes('\0')) this.id = value;
        break;
      default:
        break; // `retry` and unknown fields are ignored
    }
    return undefined;
  }

  private dispatch(): SseEvent {
    const event: SseEvent = { comments: this.comments, raw: this.raw };
    if (this.eventName !== undefined) event.event = this.eventName;
    if (this.dataLines.length > 0) event.data = this.dataLines.join('\n');
    if (this.id !== undefined) event.id = this.id;
    this.raw = '';
    this.eventName = undefined;
    this.dataLines = [];
    this.id = undefined;
    this.comments = [];
    return event;
  }
}
