import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { ANY_MODEL, FaultTable, type Fault, type ModelsFault } from './faults';
import { handleRequest, MESSAGES_PATH, type ApiPath, type Exchange, type ServerContext } from './handlers';
import { ModelListing, type ModelListingOptions } from './modelListing';
import { MODELS_FAULT_KEY } from './modelsApi';
import type { ModelListEntry } from './modelTypes';
import { PromptCache } from './promptCache';
import { isRecord } from './request';
import { redactHeaders, sendError } from './wire';

export interface RecordedRequest {
  /** Which endpoint was called: '/v1/messages' or '/v1/messages/count_tokens' (Models API requests are only counted). */
  path: ApiPath;
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
  /**
   * When set, other model ids get 404 not_found_error, as an unknown model does on the real API.
   * FakeAnthropic.defaultKnownModels() gives the default lineup's ids and aliases.
   */
  knownModels?: readonly string[];
  /**
   * Default false: messages and count_tokens naming a `retired` model of the current listing get 404
   * not_found_error, as on the real API. True serves them anyway, for tests written before the listing existed.
   */
  serveRetiredModels?: boolean;
  /**
   * Requests kept for `requests`, the oldest dropped past it (default 10,000): the simulator also serves `make
   * run`, where an unbounded record would grow with every call.
   */
  maxRecordedRequests?: number;
  /**
   * Consulted for each call that no fault set with setFault matches: the fault it returns applies to that one call
   * (its `times` is ignored), undefined leaves the call alone. E.g. random faults picked per call, for a soak.
   */
  faultPicker?: (model: string) => Fault | undefined;
}

const DEFAULT_MAX_RECORDED = 10_000;

/**
 * Longer than undici's 4s idle timeout, so the client rather than the server retires idle sockets; the other way
 * round a request can race the server's close and fail with ECONNRESET.
 */
const KEEP_ALIVE_TIMEOUT_MS = 5_000;

/**
 * A fake of Anthropic's Messages API (messages and count_tokens, every content block, tool use, prompt-cache
 * usage) and Models API (GET /v1/models, /v1/models/{id}) that speaks the real wire format, so the real SDK can
 * point at it via `baseURL`, and can be told to fail in the ways the real service does.
 */
export class FakeAnthropic {
  readonly url: string;
  private readonly faults: FaultTable;
  private readonly modelsFaults = new FaultTable();
  private readonly models = new ModelListing();
  private modelListCount = 0;
  private recorded: RecordedRequest[] = [];
  private callCounts = new Map<string, number>();
  private countTokensCounts = new Map<string, number>();
  private abortCounts = new Map<string, number>();
  private readonly abortEvents = new EventEmitter();
  private readonly sockets = new Set<Socket>();
  private readonly exchanges = new Set<Exchange>();
  private readonly promptCache = new PromptCache();
  private closing: Promise<void> | undefined;
  private readonly maxRecorded: number;

  private constructor(
    private readonly server: Server,
    options: FakeAnthropicOptions,
  ) {
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('FakeAnthropic: server has no TCP address');
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    this.url = `http://${host}:${address.port}`;
    this.maxRecorded = options.maxRecordedRequests ?? DEFAULT_MAX_RECORDED;
    this.faults = options.faultPicker ? new PickingFaultTable(options.faultPicker) : new FaultTable();
    // Waiters come and go per test; a warning after ten would only be noise.
    this.abortEvents.setMaxListeners(0);
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    const context: ServerContext = {
      apiKey: options.apiKey,
      knownModels: options.knownModels,
      faults: this.faults,
      promptCache: this.promptCache,
      exchanges: this.exchanges,
      models: this.models,
      modelsFaults: this.modelsFaults,
      serveRetiredModels: options.serveRetiredModels === true,
      isClosing: () => this.closing !== undefined,
      record: (req, path, body) => this.record(req, path, body),
      noteModelList: () => {
        this.modelListCount += 1;
      },
      noteAborted: (model) => this.noteAborted(model),
    };
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      handleRequest(context, req, res).catch(() => {
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

  /** The default lineup's model ids and aliases, retired ones included: a `knownModels` for the default listing. */
  static defaultKnownModels(): string[] {
    return new ModelListing().names();
  }

  /**
   * Replaces what GET /v1/models serves. Entries go out exactly as given (a missing id, an unknown lifecycle or
   * 10,000 entries included), newest first unless `keepOrder`; one without a known lifecycle passes every filter.
   * A model whose entry says `retired` then refuses messages.
   */
  setModels(list: readonly ModelListEntry[], options: ModelListingOptions = {}): void {
    this.models.set(list, options);
  }

  /** Back to DEFAULT_MODEL_LINEUP and DEFAULT_MODEL_ALIASES. */
  resetModels(): void {
    this.models.reset();
  }

  /** GET /v1/models requests received, one per page, faulted and rejected ones included. */
  modelListCalls(): number {
    return this.modelListCount;
  }

  /** A fault for GET /v1/models (every page) and /v1/models/{id}; `null` clears. '*' message faults never apply. */
  setModelsFault(fault: ModelsFault | null): void {
    this.modelsFaults.set(MODELS_FAULT_KEY, fault);
  }

  /** `model` is a model id, or '*' for every model; a model-specific fault wins over '*'. `null` clears. */
  setFault(model: string, fault: Fault | null): void {
    this.faults.set(model, fault);
  }

  /** Message faults and the models fault alike. */
  clearFaults(): void {
    this.faults.clear();
    this.modelsFaults.clear();
  }

  /** POST /v1/messages received, faulted and rejected ones included; for one model, or all when omitted or '*'. */
  calls(model?: string): number {
    return countFor(this.callCounts, model);
  }

  /** POST /v1/messages/count_tokens received, counted like calls(). */
  countTokensCalls(model?: string): number {
    return countFor(this.countTokensCounts, model);
  }

  /** Requests (to either endpoint) whose client closed the connection before the response completed. */
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

  /** Forgets counts, requests, faults and every prompt-cache entry, and restores the default model listing. */
  reset(): void {
    this.recorded = [];
    this.callCounts = new Map();
    this.countTokensCounts = new Map();
    this.abortCounts = new Map();
    this.modelListCount = 0;
    this.clearFaults();
    this.promptCache.clear();
    this.models.reset();
  }

  /** Closes the keep-alive connections no request is using (as a server's idle timeout would, but now). */
  closeIdleConnections(): void {
    this.server.closeIdleConnections();
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

  private record(req: IncomingMessage, path: ApiPath, body: unknown): string {
    const fields = isRecord(body) ? body : {};
    const model = typeof fields['model'] === 'string' ? fields['model'] : '';
    this.recorded.push({
      path,
      model,
      stream: fields['stream'] === true,
      body: fields,
      headers: redactHeaders(req.headers),
      receivedAt: Date.now(),
    });
    // Trimmed in steps of a tenth, so a full record costs one splice per thousand calls, not one per call.
    const max = this.maxRecorded;
    if (this.recorded.length > max + Math.ceil(max / 10)) this.recorded.splice(0, this.recorded.length - max);
    const counts = path === MESSAGES_PATH ? this.callCounts : this.countTokensCounts;
    counts.set(model, (counts.get(model) ?? 0) + 1);
    return model;
  }

  private noteAborted(model: string): void {
    this.abortCounts.set(model, (this.abortCounts.get(model) ?? 0) + 1);
    this.abortEvents.emit('aborted');
  }
}

/** A FaultTable that asks `pick` for a call no set fault matches. */
class PickingFaultTable extends FaultTable {
  constructor(private readonly pick: (model: string) => Fault | undefined) {
    super();
  }

  override take(model: string): Fault | undefined {
    return super.take(model) ?? this.pick(model);
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
