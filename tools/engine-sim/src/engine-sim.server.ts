// The simulator's HTTP server: routing, the health/metrics/models/control endpoints, and the listening state
// (refuseConnections, crash). Inference itself is in inference.handler.ts.
import { randomBytes } from 'node:crypto';
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KnobValidationError } from './engine-sim.errors';
import { DEFAULT_KNOBS, EngineSimKnobs, validateKnobPatch } from './engine-sim.knobs';
import { EngineSimCounters, EngineSimStats } from './engine-sim.stats';
import type { GenerationSession } from './generation.session';
import { MAX_BODY_BYTES, readBody, sendEmpty, sendJson } from './http.io';
import { InferenceHost, handleInference } from './inference.handler';
import { formatMetrics } from './metrics.formatter';
import { modelsBody } from './models.formatter';
import { RequestQueue } from './request.queue';

export interface EngineSimServerOptions {
  /** 0 = a free port. */
  port?: number;
  host?: string;
  /** A second listener for the same endpoints that refuseConnections and crash leave alone (0 = a free port). */
  controlPort?: number;
  knobs?: Partial<EngineSimKnobs>;
  /** When the crash knob is set: true exits the process with code 1 (the CLI); false drops every connection
   * and stops listening until crash is set back to false (in-process servers). */
  exitOnCrash?: boolean;
  /** Request bodies above it get 413 (default 32 MiB). */
  maxBodyBytes?: number;
}

export interface EngineSimStatsSnapshot extends EngineSimCounters {
  /** Inference requests admitted and not yet answered (running + waiting + hanging). */
  inFlight: number;
  running: number;
  waiting: number;
  /** Requests held without an answer (hang knob, health "hang"). */
  hanging: number;
  listening: boolean;
}

export interface EngineSimState {
  knobs: EngineSimKnobs;
  stats: EngineSimStatsSnapshot;
}

/** Capacity used for vllm:gpu_cache_usage_perc when maxConcurrency is unlimited. */
const NOMINAL_CAPACITY = 256;
const CONTROL_ERROR = (message: string) => JSON.stringify({ error: message });
const CONTROL_BODY_LIMIT = 64 * 1024;
const NOT_FOUND = '{"detail":"Not Found"}';
const METHOD_NOT_ALLOWED = '{"detail":"Method Not Allowed"}';

export class EngineSimServer implements InferenceHost {
  readonly knobs: EngineSimKnobs;
  readonly stats = new EngineSimStats();
  readonly queue: RequestQueue;
  readonly sessions = new Set<GenerationSession>();
  inFlight = 0;
  modelJson: string;
  readonly maxBodyBytes: number;
  private readonly server: Server;
  private controlServer: Server | null = null;
  /** Responses held open on purpose (hang, health "hang"/"slow"), with the timer of a slow answer. */
  private readonly holds = new Map<ServerResponse, NodeJS.Timeout | null>();
  private readonly idPrefix = randomBytes(10).toString('hex');
  private idCounter = 0;
  private boundPort = 0;
  private boundControlPort = 0;
  private readonly host: string;
  private closed = false;
  private reconciling: Promise<void> = Promise.resolve();
  /** Listens again when refuseForMs runs out. */
  private refuseTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: EngineSimServerOptions = {}) {
    const checked = validateKnobPatch(options.knobs ?? {});
    if (!checked.ok) throw new KnobValidationError(checked.error);
    this.knobs = { ...DEFAULT_KNOBS, ...checked.patch };
    this.queue = new RequestQueue(this.knobs.maxConcurrency);
    this.modelJson = JSON.stringify(this.knobs.model);
    this.maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
    this.host = options.host ?? '127.0.0.1';
    const handler = (req: IncomingMessage, res: ServerResponse) => this.route(req, res);
    this.server = createServer({ noDelay: true, requestTimeout: 0, keepAliveTimeout: 65_000 }, handler);
  }

  get port(): number {
    return this.boundPort;
  }

  get controlPort(): number {
    return this.boundControlPort;
  }

  async listen(): Promise<void> {
    this.boundPort = this.options.port ?? 0;
    if (this.options.controlPort !== undefined) {
      this.controlServer = createServer({ requestTimeout: 0 }, (req, res) => this.route(req, res));
      await listenOn(this.controlServer, this.options.controlPort, this.host);
      this.boundControlPort = (this.controlServer.address() as AddressInfo).port;
    }
    if (!this.knobs.refuseConnections && !this.knobs.crash) await this.openMain();
  }

  nextId(prefix: string): string {
    return prefix + this.idPrefix + (++this.idCounter).toString(16).padStart(12, '0');
  }

  state(): EngineSimState {
    return {
      knobs: { ...this.knobs },
      stats: {
        ...this.stats.counters(),
        inFlight: this.inFlight,
        running: this.queue.running,
        waiting: this.queue.waiting,
        hanging: this.holds.size,
        listening: this.server.listening,
      },
    };
  }

  /** Validates and applies a knob patch; resolves once the listening state matches it. */
  async setKnobs(patch: unknown): Promise<EngineSimState> {
    const checked = validateKnobPatch(patch);
    if (!checked.ok) throw new KnobValidationError(checked.error);
    this.assignKnobs(checked.patch);
    if (this.knobs.crash && this.options.exitOnCrash) process.exit(1);
    await this.reconcileListening();
    return this.state();
  }

  resetStats(): void {
    this.stats.reset();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.clearRefuseTimer();
    for (const session of [...this.sessions]) session.abort();
    this.queue.clear();
    for (const [res, timer] of this.holds) {
      if (timer) clearTimeout(timer);
      res.destroy();
    }
    this.holds.clear();
    await this.reconciling.catch(() => undefined);
    await Promise.all([closeServer(this.server), this.controlServer ? closeServer(this.controlServer) : Promise.resolve()]);
  }

  private assignKnobs(patch: Partial<EngineSimKnobs>): void {
    Object.assign(this.knobs, patch);
    if (patch.model !== undefined) this.modelJson = JSON.stringify(patch.model);
    if (patch.maxConcurrency !== undefined) this.queue.setLimit(patch.maxConcurrency);
  }

  private reconcileListening(): Promise<void> {
    this.reconciling = this.reconciling.catch(() => undefined).then(async () => {
      if (this.closed) return;
      const wanted = !this.knobs.refuseConnections && !this.knobs.crash;
      if (wanted) this.clearRefuseTimer();
      else if (this.knobs.refuseConnections && this.knobs.refuseForMs > 0 && !this.refuseTimer) this.armRefuseTimer(this.knobs.refuseForMs);
      if (wanted && !this.server.listening) await this.openMain();
      else if (!wanted && this.server.listening) await closeServer(this.server);
    });
    return this.reconciling;
  }

  private armRefuseTimer(ms: number): void {
    this.refuseTimer = setTimeout(() => {
      this.refuseTimer = null;
      this.knobs.refuseConnections = false;
      this.reconcileListening().catch(() => undefined);
    }, ms);
  }

  private clearRefuseTimer(): void {
    if (this.refuseTimer) clearTimeout(this.refuseTimer);
    this.refuseTimer = null;
  }

  private async openMain(): Promise<void> {
    await listenOn(this.server, this.boundPort, this.host);
    this.boundPort = (this.server.address() as AddressInfo).port;
  }

  private route(req: IncomingMessage, res: ServerResponse): void {
    const raw = req.url ?? '/';
    const query = raw.indexOf('?');
    const path = query === -1 ? raw : raw.slice(0, query);
    const method = req.method;
    if (path.startsWith('/v1/')) {
      if (this.knobs.hang) return this.hold(req, res, null, true);
      switch (path) {
        case '/v1/chat/completions':
          return method === 'POST' ? handleInference(this, 'chat', req, res) : this.methodNotAllowed(req, res);
        case '/v1/completions':
          return method === 'POST' ? handleInference(this, 'text', req, res) : this.methodNotAllowed(req, res);
        case '/v1/embeddings':
          return method === 'POST' ? handleInference(this, 'embedding', req, res) : this.methodNotAllowed(req, res);
        case '/v1/models':
          if (method !== 'GET') return this.methodNotAllowed(req, res);
          return sendJson(res, 200, modelsBody(this.knobs.model, Math.floor(Date.now() / 1000), this.knobs.maxModelLen));
      }
    }
    switch (path) {
      case '/health':
        return method === 'GET' ? this.health(req, res) : this.methodNotAllowed(req, res);
      case '/metrics':
        return method === 'GET' ? this.metrics(res) : this.methodNotAllowed(req, res);
      case '/version':
        return sendJson(res, 200, '{"version":"engine-sim"}');
      case '/control':
        if (method === 'GET') return sendJson(res, 200, JSON.stringify(this.state()));
        return method === 'POST' ? this.control(req, res) : this.methodNotAllowed(req, res);
      case '/control/reset':
        if (method !== 'POST') return this.methodNotAllowed(req, res);
        this.resetStats();
        return sendJson(res, 200, JSON.stringify(this.state()));
    }
    req.resume();
    sendJson(res, 404, NOT_FOUND);
  }

  private methodNotAllowed(req: IncomingMessage, res: ServerResponse): void {
    req.resume();
    sendJson(res, 405, METHOD_NOT_ALLOWED);
  }

  /** Keeps the response open without answering (or answers after `delayMs`); forgotten when the client leaves. */
  private hold(req: IncomingMessage, res: ServerResponse, delayMs: number | null, inference: boolean): void {
    req.resume();
    if (inference) {
      this.stats.requestsReceived++;
      this.inFlight++;
    }
    const timer =
      delayMs === null
        ? null
        : setTimeout(() => {
            this.holds.delete(res);
            sendEmpty(res, 200);
          }, delayMs);
    this.holds.set(res, timer);
    res.on('close', () => {
      if (inference) this.inFlight--;
      if (!this.holds.has(res)) return;
      if (timer) clearTimeout(timer);
      this.holds.delete(res);
      if (inference) this.stats.requestsAborted++;
    });
  }

  private health(req: IncomingMessage, res: ServerResponse): void {
    switch (this.knobs.health) {
      case 'ok':
        return sendEmpty(res, 200);
      case 'fail':
        return sendEmpty(res, 503);
      case 'slow':
        return this.hold(req, res, this.knobs.healthDelayMs, false);
      case 'hang':
        return this.hold(req, res, null, false);
    }
  }

  private metrics(res: ServerResponse): void {
    const capacity = this.knobs.maxConcurrency || NOMINAL_CAPACITY;
    const body = formatMetrics({
      model: this.knobs.model,
      running: this.queue.running,
      waiting: this.queue.waiting,
      cacheUsage: Math.min(1, this.queue.running / capacity),
      counters: this.stats.counters(),
      ttft: this.stats.ttft(),
    });
    res.writeHead(200, ['content-type', 'text/plain; version=0.0.4; charset=utf-8', 'content-length', String(Buffer.byteLength(body))]);
    res.end(body);
  }

  private control(req: IncomingMessage, res: ServerResponse): void {
    readBody(req, CONTROL_BODY_LIMIT, (raw) => {
      let patch: unknown;
      if (raw === null) return sendJson(res, 413, CONTROL_ERROR('control body too large'));
      try {
        patch = JSON.parse(raw);
      } catch {
        return sendJson(res, 400, CONTROL_ERROR('body must be a JSON object of knobs'));
      }
      const checked = validateKnobPatch(patch);
      if (!checked.ok) return sendJson(res, 400, CONTROL_ERROR(checked.error));
      this.assignKnobs(checked.patch);
      const exiting = this.knobs.crash && this.options.exitOnCrash;
      if (!exiting && this.controlServer !== null && req.socket.localPort === this.boundControlPort) {
        // On the control listener: answer once the main listener matches the knobs.
        this.reconcileListening().then(
          () => sendJson(res, 200, JSON.stringify(this.state())),
          (error: Error) => sendJson(res, 500, CONTROL_ERROR(`could not apply knobs: ${error.message}`)),
        );
        return;
      }
      // On the main listener: answer first, then crash or change the listening state (which drops this connection).
      res.on('finish', () =>
        setImmediate(() => {
          if (exiting) process.exit(1);
          this.reconcileListening().catch(() => undefined);
        }),
      );
      sendJson(res, 200, JSON.stringify(this.state()));
    });
  }
}

function listenOn(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/** Stops listening and drops every open connection (in-flight answers included). */
function closeServer(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
