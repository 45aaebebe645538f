// Incremental Server-Sent Events parser (WHATWG rules): events split across arbitrary chunk boundaries,
// CRLF / LF / CR line ends (a CR at a chunk's end waits for a possible LF), multi-line `data:`, comments,
// `event:` and `id:` fields, a leading BOM, bytes split inside a UTF-8 sequence. Keeps each event's raw
// text so a pass-through can forward it byte for byte.
import { StringDecoder } from 'node:string_decoder';

export interface SseEvent {
  /** The `event:` field, undefined when absent. */
  event?: string;
  /** The `data:` lines joined with '\n'; undefined when the block had no data line. */
  data?: string;
  id?: string;
  /** Comment lines (`: keep-alive`), without the colon. */
  comments: readonly string[];
  /** The exact text of the block, its terminating blank line included. */
  raw: string;
}

const LINE_BREAK = /[\r\n]/g;
/** Shared by every event without comments (most): no array per event. */
const NO_COMMENTS: readonly string[] = Object.freeze([]);

export class SseEventParser {
  /** Node's decoder: what TextDecoder('utf-8', { ignoreBOM: true }) gives, without its per-call options handling. */
  private readonly decoder = new StringDecoder('utf8');
  private buffer = '';
  private raw = '';
  private eventName: string | undefined;
  /** The block's `data:` lines joined with '\n' so far. */
  private data: string | undefined;
  private id: string | undefined;
  private comments: string[] | undefined;
  private sawFirstChar = false;

  /** Feed text or bytes; returns the events completed by this chunk. */
  push(chunk: string | Uint8Array): SseEvent[] {
    return this.consume(this.decode(chunk), false);
  }

  /** Bytes as text (a UTF-8 sequence cut at the end waits for the rest); text as it is. Feed the result to push(). */
  decode(chunk: string | Uint8Array): string {
    return typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
  }

  /**
   * For a pass-through that only needs to look at some events: when the parser is between blocks, the longest
   * prefix of `text` made of whole blocks (each ended by a blank line) with no CR and nothing `stop` matches, taken
   * as consumed without building events. The caller forwards that prefix as it is and push()es the rest. '' when
   * there is no such prefix, the parser is inside a block, or the stream starts with a BOM (push() handles those).
   * `stop` must match whatever needs a look in the text of a block (the `data:` values are substrings of it).
   */
  takePlainBlocks(text: string, stop: RegExp): string {
    if (this.buffer !== '' || this.raw !== '' || text.length < 2) return '';
    if (!this.sawFirstChar && text.charCodeAt(0) === 0xfeff) return '';
    let limit = text.search(stop);
    if (limit === -1) limit = text.length;
    const cr = text.indexOf('\r');
    if (cr !== -1 && cr < limit) limit = cr;
    if (limit < 2) return '';
    const blankAt = text.lastIndexOf('\n\n', limit - 2);
    if (blankAt === -1) return '';
    this.sawFirstChar = true;
    return blankAt + 2 === text.length ? text : text.slice(0, blankAt + 2);
  }

  /** The stream closed: dispatches a last unterminated block, if any (lenient: the spec would drop it). */
  end(): SseEvent[] {
    return this.consume(this.decoder.end(), true);
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
    /** Where the text not yet added to `raw` starts: a block's raw text is sliced once, not line by line. */
    let rawFrom = 0;
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
      if (at === pos) {
        // A blank line ends the block.
        this.raw += buffer.slice(rawFrom, next);
        rawFrom = next;
        events.push(this.dispatch());
      } else {
        this.line(buffer.slice(pos, at));
      }
      pos = next;
    }
    if (rawFrom < pos) this.raw += buffer.slice(rawFrom, pos);
    this.buffer = pos === 0 ? buffer : buffer.slice(pos);
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

  /** One non-blank line of a block. */
  private line(line: string): void {
    if (line.charCodeAt(0) === 58) {
      // ':' starts a comment
      (this.comments ??= []).push(line.slice(1).replace(/^ /, ''));
      return;
    }
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'data':
        this.data = this.data === undefined ? value : `${this.data}\n${value}`;
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
  }

  private dispatch(): SseEvent {
    const event: SseEvent = { comments: this.comments ?? NO_COMMENTS, raw: this.raw };
    if (this.eventName !== undefined) event.event = this.eventName;
    if (this.data !== undefined) event.data = this.data;
    if (this.id !== undefined) event.id = this.id;
    this.raw = '';
    this.eventName = undefined;
    this.data = undefined;
    this.id = undefined;
    this.comments = undefined;
    return event;
  }
}
