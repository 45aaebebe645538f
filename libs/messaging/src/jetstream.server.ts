import { EventEmitter } from 'node:events';
import { CustomTransportStrategy, Server, type MessageHandler } from '@nestjs/microservices';
import { ConsumerEvents, Events, type ConsumerMessages, type JsMsg, type NatsConnection as RawNatsConnection } from 'nats';
import { lastValueFrom, type Observable } from 'rxjs';
import {
  deadLetterSubject,
  decodeEvent,
  eventTypeOfSubject,
  namespacedStream,
  namespacedSubject,
  stripNamespace,
  Streams,
  type EventEnvelope,
} from '@switchyard/contracts';
import { createLogger, type Logger } from '@switchyard/observability';
import type { JetStreamServerOptions } from './jetstream-server.options';
import { deadLetterHeaders, type DeadLetterReason } from './dead-letter';
import { assertDurableName, ensureConsumer, isConsumerNotFound, type ConsumerPlan } from './jetstream-consumer';
import { JetStreamContext } from './jetstream.context';
import { KeyedLimiter } from './keyed-limiter';
import { MessagingError } from './messaging.errors';
import { connectNats, drainNats } from './nats-connection';
import { ensureStreams } from './stream-provisioner';
import {
  coveringFilter,
  isValidPattern,
  minimalFilters,
  patternCovers,
  redeliveryDelayMs,
  subjectMatches,
  versionAtLeast,
} from './subject-pattern';

type Decoded =
  | { ok: true; subject: string; env: EventEnvelope }
  | { ok: false; subject: string; reason: DeadLetterReason; error: string };

const STREAM = Streams.Control;

function describe(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'object' && err !== null && typeof (err as { message?: unknown }).message === 'string') {
    return (err as { message: string }).message;
  }
  return String(err);
}

/**
 * Nest transport: JetStream pull consumer on the namespaced Control stream into `@EventPattern` handlers, which get
 * the decoded envelope. Acks after the handlers resolve, naks with growing delay when one throws, and after
 * `maxDeliver` attempts (or at once for undecodable bytes) publishes the original bytes with failure headers to
 * the namespaced dead-letter subject and terminates the message.
 */
export class JetStreamServer extends Server implements CustomTransportStrategy {
  private readonly ns: string;
  private readonly log: Logger;
  private readonly limiter: KeyedLimiter;
  private readonly emitter = new EventEmitter();
  private readonly handlerCache = new Map<string, MessageHandler[]>();
  private conn?: RawNatsConnection;
  private messages?: ConsumerMessages;
  private pump?: Promise<void>;
  private consumerName?: string;
  private plan?: ConsumerPlan;
  private signalClosed!: () => void;
  private readonly closedSignal = new Promise<void>((resolve) => {
    this.signalClosed = resolve;
  });
  private connected = false;
  private closing = false;

  constructor(private readonly options: JetStreamServerOptions) {
    super();
    this.ns = options.namespace ?? '';
    this.log = (options.logger ?? createLogger({ service: options.service })).child({ component: 'jetstream-server' });
    this.limiter = new KeyedLimiter(options.concurrency ?? 16);
  }

  listen(callback: (err?: unknown) => void): void {
    this.start().then(
      () => callback(),
      (err: unknown) => callback(err),
    );
  }

  /** True while the consumer's connection is up (register it as a readiness check if events matter). */
  isConnected(): boolean {
    return this.connected && this.conn !== undefined && !this.conn.isClosed();
  }

  /** The consumer's name (the durable, or the generated ephemeral name) once listening. */
  get consumer(): string | undefined {
    return this.consumerName;
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.signalClosed();
    await this.messages?.close().catch(() => undefined);
    await this.pump;
    await Promise.race([this.limiter.idle(), new Promise((r) => setTimeout(r, this.options.closeTimeoutMs ?? 10_000).unref())]);
    const conn = this.conn;
    if (conn && !this.options.durable && this.consumerName && !conn.isClosed()) {
      const jsm = await conn.jetstreamManager().catch(() => undefined);
      await jsm?.consumers.delete(this.stream(), this.consumerName).catch(() => false);
    }
    if (conn) await drainNats(conn);
    this.connected = false;
    this.emitter.removeAllListeners();
  }

  unwrap<T>(): T {
    if (!this.conn) throw new MessagingError('JetStreamServer is not listening', {}, { retryable: false });
    return this.conn as T;
  }

  /** 'disconnect' | 'reconnect' of the consumer's connection; 'consumer-recreated' (events may have been missed). */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- the signature Nest's Server declares
  on<EventKey extends string = string, EventCallback extends Function = Function>(event: EventKey, callback: EventCallback): void {
    this.emitter.on(event, callback as unknown as (...args: unknown[]) => void);
  }

  private stream(): string {
    return namespacedStream(this.ns, STREAM).name;
  }

  private eventPatterns(): string[] {
    const patterns: string[] = [];
    for (const [pattern, handler] of this.messageHandlers) {
      if (!handler.isEventHandler) {
        this.log.warn({ pattern }, '@MessagePattern is not served by the JetStream transport; ignored');
        continue;
      }
      if (!isValidPattern(pattern) || !STREAM.subjects.some((s) => patternCovers(s, pattern))) {
        throw new MessagingError(
          `@EventPattern("${pattern}") is not a subject of stream ${STREAM.name} (${STREAM.subjects.join(', ')})`,
          { pattern },
          { retryable: false },
        );
      }
      patterns.push(pattern);
    }
    return patterns;
  }

  private async start(): Promise<void> {
    const patterns = this.eventPatterns();
    if (this.options.durable !== undefined) assertDurableName(this.options.durable);
    const conn = await connectNats({
      url: this.options.url,
      name: `${this.options.service}-events`,
      logger: this.log,
      reconnectTimeWaitMs: this.options.reconnectTimeWaitMs,
    });
    this.conn = conn;
    this.connected = true;
    void this.trackStatus(conn);
    try {
      await this.subscribe(conn, patterns);
    } catch (err) {
      await drainNats(conn);
      this.connected = false;
      throw err;
    }
  }

  private async subscribe(conn: RawNatsConnection, patterns: string[]): Promise<void> {
    const jsm = await conn.jetstreamManager();
    if (this.options.provisionStreams !== false) await ensureStreams(jsm, [Streams.Control, Streams.DeadLetter], this.ns);
    if (patterns.length === 0) {
      this.log.info('no @EventPattern handlers; not consuming');
      return;
    }
    const multiFilter = versionAtLeast(conn.info?.version, '2.10.0');
    const wanted = minimalFilters(patterns).map((p) => namespacedSubject(this.ns, p));
    const filters = wanted.length <= 1 || multiFilter ? wanted : [coveringFilter(wanted)].filter((f) => f !== '');
    this.plan = {
      stream: this.stream(),
      durable: this.options.durable,
      filters,
      multiFilter,
      ackWaitMs: this.options.ackWaitMs ?? 30_000,
      maxAckPending: Math.max(1_000, (this.options.concurrency ?? 16) * 4),
      deliverNew: this.options.deliverNew ?? this.options.durable === undefined,
      inactiveThresholdMs: 5 * 60_000,
      description: `${this.options.service}: ${patterns.join(', ')}`.slice(0, 500),
    };
    const messages = await this.openConsumer(conn, this.plan);
    this.pump = this.run(conn, this.plan, messages);
    this.log.info({ consumer: this.consumerName, filters, durable: this.options.durable ?? null }, 'consuming events');
  }

  private async openConsumer(conn: RawNatsConnection, plan: ConsumerPlan): Promise<ConsumerMessages> {
    this.consumerName = await ensureConsumer(await conn.jetstreamManager(), plan);
    const consumer = await conn.jetstream().consumers.get(plan.stream, this.consumerName);
    this.messages = await consumer.consume({ max_messages: this.options.concurrency ?? 16 });
    return this.messages;
  }

  /** Consumes until close(); recreates the consumer when it disappears (deleted, or expired while we were away). */
  private async run(conn: RawNatsConnection, plan: ConsumerPlan, first: ConsumerMessages): Promise<void> {
    let messages: ConsumerMessages | undefined = first;
    let attempt = 0;
    while (!this.closing) {
      if (messages) {
        void this.watchConsumer(messages);
        void this.checkConsumer(conn, plan, messages);
        await this.consume(messages);
        messages = undefined;
        if (this.closing) break;
        this.log.warn({ consumer: this.consumerName }, 'event consumer lost; recreating it');
      }
      try {
        messages = await this.openConsumer(conn, plan);
        attempt = 0;
        this.log.info({ consumer: this.consumerName }, 'event consumer recreated');
        this.emitter.emit('consumer-recreated', this.consumerName);
      } catch (err) {
        attempt += 1;
        this.log.warn({ err: describe(err), attempt }, 'could not recreate the event consumer; retrying');
        await this.pause(Math.min(5_000, 250 * attempt));
      }
    }
  }

  /** Asks the server now and then whether our consumer still exists (a deletion is not always announced). */
  private async checkConsumer(conn: RawNatsConnection, plan: ConsumerPlan, messages: ConsumerMessages): Promise<void> {
    const jsm = await conn.jetstreamManager();
    for (;;) {
      await this.pause(this.options.consumerCheckMs ?? 30_000);
      if (this.closing || this.messages !== messages) return;
      if (!this.isConnected() || !this.consumerName) continue;
      try {
        await jsm.consumers.info(plan.stream, this.consumerName);
      } catch (err) {
        if (isConsumerNotFound(err) && !this.closing) {
          await messages.close().catch(() => undefined);
          return;
        }
      }
    }
  }

  /** Waits `ms`, or less when close() is called. */
  private async pause(ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([new Promise<void>((r) => (timer = setTimeout(r, ms))), this.closedSignal]);
    clearTimeout(timer);
  }

  /** Ends the iteration when the server says the consumer is gone, so run() can recreate it. */
  private async watchConsumer(messages: ConsumerMessages): Promise<void> {
    try {
      for await (const s of await messages.status()) {
        if (s.type === ConsumerEvents.ConsumerDeleted || s.type === ConsumerEvents.ConsumerNotFound) {
          if (!this.closing) await messages.close();
          return;
        }
      }
    } catch {
      // ends with the messages
    }
  }

  private async consume(messages: ConsumerMessages): Promise<void> {
    try {
      for await (const m of messages) {
        await this.limiter.acquire();
        const decoded = this.decode(m);
        const key = decoded.ok ? `${decoded.env.type}:${decoded.env.aggregateId}` : `seq:${m.info.streamSequence}`;
        void this.limiter.run(key, () => this.handle(m, decoded));
      }
    } catch (err) {
      if (!this.closing) this.log.error({ err: describe(err) }, 'event consumption stopped');
    }
  }

  private decode(m: JsMsg): Decoded {
    let subject = m.subject;
    try {
      subject = stripNamespace(this.ns, m.subject);
      return { ok: true, subject, env: decodeEvent(m.data, eventTypeOfSubject(subject)) };
    } catch (err) {
      return { ok: false, subject, reason: 'undecodable', error: describe(err) };
    }
  }

  private handlersFor(subject: string): MessageHandler[] {
    let handlers = this.handlerCache.get(subject);
    if (!handlers) {
      handlers = [...this.messageHandlers.entries()]
        .filter(([pattern, h]) => h.isEventHandler && subjectMatches(pattern, subject))
        .map(([, h]) => h);
      this.handlerCache.set(subject, handlers);
    }
    return handlers;
  }

  private async handle(m: JsMsg, decoded: Decoded): Promise<void> {
    const deliveries = m.info.deliveryCount;
    const maxDeliver = this.options.maxDeliver ?? 5;
    if (!decoded.ok) {
      await this.deadLetter(m, decoded.subject, decoded.reason, decoded.error);
      return;
    }
    const handlers = this.handlersFor(decoded.subject);
    if (handlers.length === 0) {
      m.ack(); // outside our patterns (single covering filter on servers before 2.10)
      return;
    }
    if (deliveries > maxDeliver) {
      await this.deadLetter(m, decoded.subject, 'max-deliver-exceeded', `delivered ${deliveries} times without an outcome`);
      return;
    }
    const ctx = new JetStreamContext([decoded.subject, m]);
    try {
      for (const handler of handlers) {
        const result: unknown = await handler(decoded.env, ctx);
        await lastValueFrom(this.transformToObservable(result) as Observable<unknown>, { defaultValue: undefined });
      }
      m.ack();
    } catch (err) {
      const error = describe(err);
      if (deliveries >= maxDeliver) {
        await this.deadLetter(m, decoded.subject, 'handler-failed', error);
        return;
      }
      const delay = redeliveryDelayMs(deliveries, this.options.retryDelayMs ?? 1_000, this.options.maxRetryDelayMs ?? 30_000);
      this.log.warn({ subject: decoded.subject, eventId: decoded.env.id, deliveries, delayMs: delay, err: error }, 'event handler failed; will redeliver');
      m.nak(delay);
    }
  }

  private async deadLetter(m: JsMsg, subject: string, reason: DeadLetterReason, error: string): Promise<void> {
    const conn = this.conn;
    const consumer = this.consumerName ?? 'unknown';
    try {
      if (!conn) throw new MessagingError('not connected');
      const headers = deadLetterHeaders(m.headers, {
        reason,
        error,
        subject,
        stream: m.info.stream,
        streamSequence: m.info.streamSequence,
        consumer,
        service: this.options.service,
        deliveries: m.info.deliveryCount,
        time: new Date(),
      });
      await conn.jetstream().publish(namespacedSubject(this.ns, deadLetterSubject(subject)), m.data, {
        headers,
        msgID: `${consumer}.${m.info.streamSequence}`,
      });
      m.term();
      this.log.error({ subject, reason, streamSequence: m.info.streamSequence, deliveries: m.info.deliveryCount, err: error }, 'event dead-lettered');
    } catch (err) {
      this.log.error({ subject, reason, err: describe(err) }, 'dead-lettering failed; will retry');
      m.nak(this.options.maxRetryDelayMs ?? 30_000);
    }
  }

  private async trackStatus(conn: RawNatsConnection): Promise<void> {
    try {
      for await (const s of conn.status()) {
        if (s.type === Events.Disconnect) {
          this.connected = false;
          this.emitter.emit('disconnect', s.data);
        } else if (s.type === Events.Reconnect) {
          this.connected = true;
          this.emitter.emit('reconnect', s.data);
        }
      }
    } catch {
      // ends with the connection
    }
    this.connected = false;
  }
}
