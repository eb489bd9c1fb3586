import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Exchange } from '../exchange';
import { ANY_MODEL, FaultTable } from '../faults';
import { PromptCache } from '../promptCache';
import { isRecord } from '../request';
import { redactHeaders, sendError } from '../wire';
import type { VertexFault } from './errors';
import { handleVertexRequest, type VertexContext } from './handler';
import { defaultVertexModels, type VertexCallKind, type VertexRoute } from './route';

export interface RecordedVertexRequest {
  /** The URL path as received, e.g. `/v1/projects/p/locations/us-east5/publishers/anthropic/models/claude-sonnet-4@20250514:rawPredict`. */
  path: string;
  project: string;
  region: string;
  /** The model id as sent: from the path (e.g. `claude-sonnet-4@20250514`), or `model` in a count-tokens body. */
  model: string;
  kind: VertexCallKind;
  /** True for :streamRawPredict, whatever the body's `stream` says. */
  stream: boolean;
  body: Record<string, unknown>;
  /** Request headers without `authorization`. */
  headers: Record<string, string | string[] | undefined>;
  receivedAt: number;
}

export interface FakeVertexOptions {
  /** Default 0: an ephemeral port, so parallel test files never collide. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** When set, requests must carry `Authorization: Bearer <accessToken>` (else 401 UNAUTHENTICATED). */
  accessToken?: string;
  /** When set, other projects in the path get 403 PERMISSION_DENIED, as IAM answers for a project you cannot use. */
  project?: string;
  /** When set, other locations in the path get 404 NOT_FOUND, as for a model not offered in that region. */
  region?: string;
  /**
   * Model ids served (others get 404 NOT_FOUND), or 'any'. Default: FakeVertex.defaultKnownModels(), the default
   * lineup's live models as `claude-sonnet-4@20250514` and undated as `claude-sonnet-4`.
   */
  knownModels?: readonly string[] | 'any';
  /**
   * Accepted values of the body's `anthropic_version` (anything else, or none, is 400 invalid_request_error).
   * Default FakeVertex.DEFAULT_ANTHROPIC_VERSIONS.
   */
  anthropicVersions?: readonly string[];
  /** Requests kept for `requests`, the oldest dropped past it (default 10,000). */
  maxRecordedRequests?: number;
}

const DEFAULT_MAX_RECORDED = 10_000;
/** Longer than undici's 4s idle timeout, so the client rather than the server retires idle sockets. */
const KEEP_ALIVE_TIMEOUT_MS = 5_000;

/**
 * A fake of Vertex AI's Anthropic publisher endpoints (:rawPredict, :streamRawPredict, count-tokens:rawPredict)
 * that speaks their wire format, so @anthropic-ai/vertex-sdk can point at it via `baseURL: url + '/v1'`, and fails
 * the way Vertex does: Google-shaped errors from the front end, Anthropic-shaped ones from the model (./errors).
 * Replies, streams, token counts and faults are the same as FakeAnthropic's.
 */
export class FakeVertex {
  /**
   * 'vertex-2023-10-16' is the version Vertex documents. '2026-10-21' is what @anthropic-ai/vertex-sdk 1.1.4 sends:
   * it copies the core SDK's `anthropic-version` header into the body. Pass `anthropicVersions` to be stricter.
   */
  static readonly DEFAULT_ANTHROPIC_VERSIONS: readonly string[] = ['vertex-2023-10-16', '2026-10-21'];

  readonly url: string;
  private readonly faults = new FaultTable();
  private readonly promptCache = new PromptCache();
  private readonly exchanges = new Set<Exchange>();
  private readonly sockets = new Set<Socket>();
  private recorded: RecordedVertexRequest[] = [];
  private callCounts = new Map<string, number>();
  private countTokensCounts = new Map<string, number>();
  private closing: Promise<void> | undefined;
  private readonly maxRecorded: number;

  private constructor(
    private readonly server: Server,
    options: FakeVertexOptions,
  ) {
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('FakeVertex: server has no TCP address');
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    this.url = `http://${host}:${address.port}`;
    this.maxRecorded = options.maxRecordedRequests ?? DEFAULT_MAX_RECORDED;
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    const known = options.knownModels ?? FakeVertex.defaultKnownModels();
    const context: VertexContext = {
      accessToken: options.accessToken,
      project: options.project,
      region: options.region,
      knownModels: known === 'any' ? undefined : new Set(known),
      anthropicVersions: new Set(options.anthropicVersions ?? FakeVertex.DEFAULT_ANTHROPIC_VERSIONS),
      faults: this.faults,
      promptCache: this.promptCache,
      exchanges: this.exchanges,
      record: (req, route, model, body) => this.record(req, route, model, body),
    };
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      handleVertexRequest(context, req, res).catch(() => {
        if (!res.headersSent) sendError(res, 500, 'api_error', 'Simulator failure');
        else res.destroy();
      });
    });
  }

  static async start(options: FakeVertexOptions = {}): Promise<FakeVertex> {
    const server = createServer();
    server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    return new FakeVertex(server, { ...options });
  }

  /** The default lineup's live models in Vertex's form, dated (`claude-sonnet-4@20250514`) and undated. */
  static defaultKnownModels(): string[] {
    const dated = defaultVertexModels();
    return [...new Set([...dated, ...dated.map((id) => id.replace(/@\d{8}$/, ''))])];
  }

  /**
   * `model` is a model id as the client sends it (`claude-sonnet-4@20250514`; for count-tokens the body's model),
   * or '*' for every model; a model-specific fault wins over '*'. `null` clears.
   */
  setFault(model: string, fault: VertexFault | null): void {
    const shape = fault?.errorShape;
    if (shape !== undefined && shape !== 'google' && shape !== 'anthropic') {
      throw new RangeError(`Fault.errorShape must be 'google' or 'anthropic', got ${String(shape)}`);
    }
    this.faults.set(model, fault);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  /** :rawPredict and :streamRawPredict calls received, faulted and rejected ones included; all when omitted or '*'. */
  calls(model?: string): number {
    return countFor(this.callCounts, model);
  }

  /** count-tokens:rawPredict calls received, by the body's model, counted like calls(). */
  countTokensCalls(model?: string): number {
    return countFor(this.countTokensCounts, model);
  }

  get requests(): readonly RecordedVertexRequest[] {
    return this.recorded;
  }

  /** Forgets counts, requests, faults and every prompt-cache entry. */
  reset(): void {
    this.recorded = [];
    this.callCounts = new Map();
    this.countTokensCounts = new Map();
    this.clearFaults();
    this.promptCache.clear();
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

  private record(req: IncomingMessage, route: VertexRoute, model: string, body: unknown): void {
    this.recorded.push({
      path: (req.url ?? '').split('?')[0] ?? '',
      project: route.project,
      region: route.region,
      model,
      kind: route.kind,
      stream: route.kind === 'streamRawPredict',
      body: isRecord(body) ? body : {},
      headers: redactHeaders(req.headers),
      receivedAt: Date.now(),
    });
    const max = this.maxRecorded;
    if (this.recorded.length > max + Math.ceil(max / 10)) this.recorded.splice(0, this.recorded.length - max);
    const counts = route.kind === 'countTokens' ? this.countTokensCounts : this.callCounts;
    counts.set(model, (counts.get(model) ?? 0) + 1);
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
