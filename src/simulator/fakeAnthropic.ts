import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import {
  ANY_MODEL,
  FaultTable,
  defaultErrorMessage,
  errorHeaders,
  errorTypeForStatus,
  type Fault,
} from './faults';
import { buildReply, messageBody, randomId, streamEvents, type Reply, type ReplyOverrides } from './replies';
import { isRecord, parseMessagesRequest } from './request';
import { sleep } from '../util/sleep';
import { SseWriter, sseFrame } from './sse';
import { errorBody, readBody, redactHeaders, sendError, sendJson } from './wire';

export interface RecordedRequest {
  model: string;
  stream: boolean;
  body: Record<string, unknown>;
  /** Request headers without `x-api-key` and `authorization`. */
  headers: Record<string, string | string[] | undefined>;
  receivedAt: number;
}

export interface FakeAnthropicOptions {
  /** Default 0: an ephemeral port, so parallel test files never collide. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** When set, requests must carry `x-api-key: <key>` or `authorization: Bearer <key>`. */
  apiKey?: string;
  /** When set, other model ids get 404 not_found_error, as an unknown model does on the real API. */
  knownModels?: readonly string[];
}

/** One request/response pair while it is being served. */
interface Exchange {
  /** Aborted when the response closes for any reason, so pending delays stop at once. */
  readonly controller: AbortController;
  model: string | undefined;
  /** Set when the fake itself cut the connection (drop faults), which is not a client abort. */
  serverDestroyed: boolean;
}

/**
 * Longer than undici's 4s idle timeout, so the client rather than the server retires idle sockets; the other way
 * round a request can race the server's close and fail with ECONNRESET.
 */
const KEEP_ALIVE_TIMEOUT_MS = 5_000;

/**
 * A fake of Anthropic's Messages API that speaks the real wire format (the real SDK can point at it via
 * `baseURL`) and can be told to fail in the ways the real service does.
 */
export class FakeAnthropic {
  readonly url: string;
  private readonly faults = new FaultTable();
  private recorded: RecordedRequest[] = [];
  private callCounts = new Map<string, number>();
  private abortCounts = new Map<string, number>();
  private readonly abortEvents = new EventEmitter();
  private readonly sockets = new Set<Socket>();
  private readonly exchanges = new Set<Exchange>();
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly server: Server,
    private readonly options: FakeAnthropicOptions,
  ) {
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('FakeAnthropic: server has no TCP address');
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    this.url = `http://${host}:${address.port}`;
    // Waiters come and go per test; a warning after ten would only be noise.
    this.abortEvents.setMaxListeners(0);
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      this.handle(req, res).catch(() => {
        if (!res.headersSent) sendError(res, 500, 'api_error', 'Simulator failure');
        else res.destroy();
      });
    });
  }

  static async start(options: FakeAnthropicOptions = {}): Promise<FakeAnthropic> {
    const server = createServer();
    server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    return new FakeAnthropic(server, { ...options });
  }

  /** `model` is a model id, or '*' for every model; a model-specific fault wins over '*'. `null` clears. */
  setFault(model: string, fault: Fault | null): void {
    this.faults.set(model, fault);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  /** POST /v1/messages received, faulted and rejected ones included; for one model, or all when omitted or '*'. */
  calls(model?: string): number {
    return countFor(this.callCounts, model);
  }

  /** Requests whose client closed the connection before the response completed. */
  aborted(model?: string): number {
    return countFor(this.abortCounts, model);
  }

  waitForAborted(count: number, model?: string, timeoutMs = 2_000): Promise<void> {
    if (this.aborted(model) >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        if (this.aborted(model) < count) return;
        cleanup();
        resolve();
      };
      const timer = setTimeout(() => {
        cleanup();
        const which = model === undefined ? '' : ` for ${model}`;
        reject(new Error(`FakeAnthropic: expected ${count} aborted request(s)${which} within ${timeoutMs}ms, saw ${this.aborted(model)}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.abortEvents.off('aborted', onAbort);
      };
      this.abortEvents.on('aborted', onAbort);
    });
  }

  get requests(): readonly RecordedRequest[] {
    return this.recorded;
  }

  reset(): void {
    this.recorded = [];
    this.callCounts = new Map();
    this.abortCounts = new Map();
    this.faults.clear();
  }

  /** Closes the server and destroys every open socket, hanging requests included. Safe to call twice. */
  close(): Promise<void> {
    if (this.closing !== undefined) return this.closing;
    this.closing = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const exchange of this.exchanges) exchange.controller.abort();
    this.server.closeAllConnections();
    for (const socket of this.sockets) socket.destroy();
    return this.closing;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('request-id', randomId('req_'));
    const exchange: Exchange = { controller: new AbortController(), model: undefined, serverDestroyed: false };
    this.exchanges.add(exchange);
    res.once('close', () => {
      this.exchanges.delete(exchange);
      exchange.controller.abort();
      const clientLeft = !res.writableFinished && !exchange.serverDestroyed && this.closing === undefined;
      if (clientLeft && exchange.model !== undefined) this.noteAborted(exchange.model);
    });

    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'POST' || path !== '/v1/messages') {
      sendError(res, 404, 'not_found_error', `Not found: ${req.method ?? ''} ${path ?? ''}`);
      return;
    }

    const raw = await readBody(req);
    if (raw.kind === 'aborted') return;
    if (raw.kind === 'too_large') {
      // The rest of the body is never read, so the connection cannot be reused.
      sendError(res, 413, 'request_too_large', defaultErrorMessage('request_too_large'), { connection: 'close' });
      return;
    }

    let body: unknown;
    let jsonError: string | undefined;
    try {
      body = JSON.parse(raw.text);
    } catch (err) {
      jsonError = `Invalid JSON body: ${err instanceof Error ? err.message : String(err)}`;
    }
    // Recorded before any check or fault, so calls() counts every attempt the client made.
    const model = this.record(req, body);
    exchange.model = model;

    if (!this.authorized(req)) {
      sendError(res, 401, 'authentication_error', defaultErrorMessage('authentication_error'));
      return;
    }
    if (jsonError !== undefined) {
      sendError(res, 400, 'invalid_request_error', jsonError);
      return;
    }
    const parsed = parseMessagesRequest(body);
    if (!parsed.ok) {
      sendError(res, 400, 'invalid_request_error', parsed.message);
      return;
    }
    const known = this.options.knownModels;
    if (known !== undefined && !known.includes(model)) {
      sendError(res, 404, 'not_found_error', `model: ${model}`);
      return;
    }

    const fault = this.faults.take(model) ?? {};
    const signal = exchange.controller.signal;
    if (fault.hang === true) return;
    await sleep(fault.delayMs ?? 0, signal);
    if (signal.aborted) return;
    if (fault.drop === true) {
      exchange.serverDestroyed = true;
      req.socket.destroy();
      return;
    }
    if (fault.status !== undefined) {
      const type = fault.errorType ?? errorTypeForStatus(fault.status);
      sendError(res, fault.status, type, fault.message ?? defaultErrorMessage(type), errorHeaders(fault));
      return;
    }

    const overrides: ReplyOverrides = {};
    if (fault.text !== undefined) overrides.text = fault.text;
    if (fault.stopReason !== undefined) overrides.stopReason = fault.stopReason;
    const reply = buildReply(parsed.request, overrides);
    if (parsed.request.stream) await this.stream(req, res, reply, fault, exchange);
    else sendJson(res, 200, messageBody(reply), { ...fault.headers });
  }

  private async stream(req: IncomingMessage, res: ServerResponse, reply: Reply, fault: Fault, exchange: Exchange): Promise<void> {
    const signal = exchange.controller.signal;
    res.writeHead(200, { ...fault.headers, 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const writer = new SseWriter(res);
    const { streamErrorAfterDeltas: errorAfter, dropAfterDeltas: dropAfter } = fault;
    let textDeltas = 0;

    for (const [i, event] of streamEvents(reply).entries()) {
      if (i > 0) {
        await sleep(fault.chunkDelayMs ?? 0, signal);
        if (signal.aborted) return;
        // A reply with fewer text deltas than asked for still fails, before it could report success.
        const due = (after: number | undefined): boolean =>
          after !== undefined && (textDeltas >= after || event.event === 'message_delta');
        if (due(errorAfter)) {
          const type = fault.errorType ?? 'overloaded_error';
          res.end(sseFrame('error', errorBody(type, fault.message ?? defaultErrorMessage(type))));
          return;
        }
        if (due(dropAfter)) {
          await writer.flushed();
          exchange.serverDestroyed = true;
          req.socket.destroy();
          return;
        }
      }
      if (!(await writer.send(event.event, event.data))) return;
      if (event.isTextDelta) textDeltas += 1;
    }
    res.end();
  }

  private record(req: IncomingMessage, body: unknown): string {
    const fields = isRecord(body) ? body : {};
    const model = typeof fields['model'] === 'string' ? fields['model'] : '';
    this.recorded.push({
      model,
      stream: fields['stream'] === true,
      body: fields,
      headers: redactHeaders(req.headers),
      receivedAt: Date.now(),
    });
    this.callCounts.set(model, (this.callCounts.get(model) ?? 0) + 1);
    return model;
  }

  private authorized(req: IncomingMessage): boolean {
    const key = this.options.apiKey;
    if (key === undefined) return true;
    return req.headers['x-api-key'] === key || req.headers['authorization'] === `Bearer ${key}`;
  }

  private noteAborted(model: string): void {
    this.abortCounts.set(model, (this.abortCounts.get(model) ?? 0) + 1);
    this.abortEvents.emit('aborted');
  }
}

function countFor(counts: ReadonlyMap<string, number>, model: string | undefined): number {
  if (model === undefined || model === ANY_MODEL) {
    let total = 0;
    for (const n of counts.values()) total += n;
    return total;
  }
  return counts.get(model) ?? 0;
}
