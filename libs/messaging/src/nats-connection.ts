import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import {
  connect,
  DebugEvents,
  Events,
  type JetStreamClient,
  type JetStreamManager,
  type NatsConnection as RawNatsConnection,
} from 'nats';
import { namespacedSubject } from '@switchyard/contracts';
import type { Logger } from '@switchyard/observability';

export interface ConnectNatsOptions {
  /** NATS_URL; a comma-separated list of servers is accepted. Credentials in the URL are never logged. */
  url: string;
  /** Connection name shown by the server (`service` or `service-role`). */
  name: string;
  logger: Logger;
  /** Pause between reconnect attempts (default 2000 ms). */
  reconnectTimeWaitMs?: number;
  user?: string;
  pass?: string;
  token?: string;
}

/** The URL without user info, for logs. */
export function redactUrl(url: string): string {
  return url
    .split(',')
    .map((u) => u.trim().replace(/\/\/[^@/]*@/, '//'))
    .join(',');
}

/** Splits NATS_URL into server addresses and the credentials carried in it (nats.js does not read them). */
export function parseServers(url: string): { servers: string[]; user?: string; pass?: string; token?: string } {
  const servers: string[] = [];
  let user: string | undefined;
  let pass: string | undefined;
  let token: string | undefined;
  for (const raw of url.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^([a-z]+:\/\/)?(?:([^@/]*)@)?(.+)$/i.exec(raw);
    if (!m) continue;
    servers.push(`${m[1] ?? ''}${m[3]}`);
    if (m[2] !== undefined && m[2] !== '') {
      const [u, p] = m[2].split(':', 2).map((s) => decodeURIComponent(s));
      if (p === undefined) token = u;
      else {
        user = u;
        pass = p;
      }
    }
  }
  return { servers, user, pass, token };
}

/**
 * Connects to NATS and keeps the connection forever: waits for the first connect (the server may start after us),
 * reconnects without limit, and logs every status change. Resolves once connected.
 */
export async function connectNats(options: ConnectNatsOptions): Promise<RawNatsConnection> {
  const parsed = parseServers(options.url);
  const log = options.logger.child({ component: 'nats', connection: options.name });
  log.info({ servers: redactUrl(options.url) }, 'connecting to NATS');
  const nc = await connect({
    servers: parsed.servers,
    name: options.name,
    user: options.user ?? parsed.user,
    pass: options.pass ?? parsed.pass,
    token: options.token ?? parsed.token,
    reconnect: true,
    maxReconnectAttempts: -1,
    waitOnFirstConnect: true,
    reconnectTimeWait: options.reconnectTimeWaitMs ?? 2_000,
  });
  log.info({ server: nc.getServer() }, 'connected to NATS');
  void logStatus(nc, log);
  nc.closed()
    .then((err) => {
      if (err) log.error({ err: err.message }, 'NATS connection closed with an error');
      else log.info('NATS connection closed');
    })
    .catch(() => undefined);
  return nc;
}

async function logStatus(nc: RawNatsConnection, log: Logger): Promise<void> {
  try {
    for await (const s of nc.status()) {
      switch (s.type) {
        case Events.Disconnect:
          log.warn({ server: String(s.data) }, 'NATS disconnected; reconnecting');
          break;
        case Events.Reconnect:
          log.info({ server: String(s.data) }, 'NATS reconnected');
          break;
        case Events.Error:
          log.error({ err: String(s.data) }, 'NATS error');
          break;
        case Events.LDM:
          log.warn('NATS server entering lame duck mode');
          break;
        case DebugEvents.Reconnecting:
          log.debug('NATS reconnecting');
          break;
        default:
          break;
      }
    }
  } catch {
    // the status iterator ends when the connection closes
  }
}

/** Drains (finishes in-flight work, then closes) within `timeoutMs`; closes hard if draining takes longer. */
export async function drainNats(nc: RawNatsConnection, timeoutMs = 5_000): Promise<void> {
  if (nc.isClosed()) return;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const drained = nc.isDraining() ? nc.closed() : nc.drain();
    const outcome = await Promise.race([drained.then(() => 'drained' as const), timeout]);
    if (outcome === 'timeout' && !nc.isClosed()) await nc.close();
  } catch {
    if (!nc.isClosed()) await nc.close().catch(() => undefined);
  } finally {
    if (timer) clearTimeout(timer);
  }
}

/** The live NATS connection of one service (Nest provider), namespaced, with its connection state. */
@Injectable()
export class NatsConnection implements OnApplicationShutdown {
  private connected = true;
  private jsClient?: JetStreamClient;
  private jsmClient?: Promise<JetStreamManager>;

  constructor(
    private readonly raw: RawNatsConnection,
    readonly service: string,
    readonly namespace: string,
  ) {
    void this.trackStatus();
  }

  /** Connects (see connectNats) and wraps the connection. */
  static async connect(options: ConnectNatsOptions & { service: string; namespace?: string }): Promise<NatsConnection> {
    namespacedSubject(options.namespace ?? '', 'probe'); // refuses an invalid NATS_NAMESPACE before connecting
    const raw = await connectNats(options);
    return new NatsConnection(raw, options.service, options.namespace ?? '');
  }

  /** The subject under this connection's namespace. */
  subject(s: string): string {
    return namespacedSubject(this.namespace, s);
  }

  /** True while the connection is up (false while reconnecting, draining or closed). */
  isConnected(): boolean {
    return this.connected && !this.raw.isClosed() && !this.raw.isDraining();
  }

  /** The raw nats.js connection, for adapter code only. */
  nc(): RawNatsConnection {
    return this.raw;
  }

  js(): JetStreamClient {
    this.jsClient ??= this.raw.jetstream();
    return this.jsClient;
  }

  jsm(): Promise<JetStreamManager> {
    this.jsmClient ??= this.raw.jetstreamManager();
    return this.jsmClient;
  }

  /** Finishes in-flight work and closes; safe to call twice. */
  async close(timeoutMs = 5_000): Promise<void> {
    this.connected = false;
    await drainNats(this.raw, timeoutMs);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }

  private async trackStatus(): Promise<void> {
    try {
      for await (const s of this.raw.status()) {
        if (s.type === Events.Disconnect) this.connected = false;
        else if (s.type === Events.Reconnect) this.connected = true;
      }
    } catch {
      // ends with the connection
    }
    this.connected = false;
  }
}
