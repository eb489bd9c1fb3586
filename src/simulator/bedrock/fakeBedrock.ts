import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Exchange } from '../exchange';
import { ANY_MODEL, FaultTable, type Fault } from '../faults';
import { PromptCache } from '../promptCache';
import { isRecord } from '../request';
import { redactHeaders } from '../wire';
import { errorTypeHeader } from './errors';
import { handleBedrockRequest, type BedrockContext } from './handlers';
import { defaultVersionCheck, INVOKE_STREAM, type Operation, type Route } from './invokeRequest';

export interface BedrockRecordedRequest {
  /** The path as received, still percent-encoded, e.g. `/model/anthropic.claude-sonnet-4-20250514-v1:0/invoke`. */
  path: string;
  /** undefined for a path that is no InvokeModel operation (such as /v1/messages/count_tokens). */
  operation: Operation | undefined;
  /** The model id from the path, percent-decoded; '' when there is none. */
  modelId: string;
  /** True for invoke-with-response-stream. */
  stream: boolean;
  /** The JSON body as sent ({} when it was not a JSON object). */
  body: Record<string, unknown>;
  /** Request headers without `authorization` and `x-amz-security-token`. */
  headers: Record<string, string | string[] | undefined>;
  receivedAt: number;
}

export interface FakeBedrockOptions {
  /** Default 0: an ephemeral port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /**
   * When set, requests must carry a SigV4 `authorization` header whose credential is this access key, scoped to
   * `region` and service `bedrock`; otherwise 403 as AWS answers (MissingAuthenticationTokenException,
   * IncompleteSignatureException, UnrecognizedClientException, InvalidSignatureException).
   */
  accessKeyId?: string;
  /** With `accessKeyId`: the signature itself is verified too, so a request changed after signing fails. */
  secretAccessKey?: string;
  /** The region credentials must be scoped to. Default us-east-1. */
  region?: string;
  /** When set, other model ids get 400 ValidationException "The provided model identifier is invalid.". */
  knownModels?: readonly string[];
  /**
   * The body's `anthropic_version` values taken. Default: bedrock-2023-05-31 and any dated API version
   * (YYYY-MM-DD), which is what @anthropic-ai/bedrock-sdk 1.x forwards from its `anthropic-version` header.
   */
  anthropicVersions?: readonly string[];
  /** Requests kept for `requests`, the oldest dropped past it (default 10,000). */
  maxRecordedRequests?: number;
}

const DEFAULT_MAX_RECORDED = 10_000;
const KEEP_ALIVE_TIMEOUT_MS = 5_000;

/**
 * A fake of Amazon Bedrock Runtime's InvokeModel and InvokeModelWithResponseStream for Anthropic models, on the
 * real wire format (Bedrock errors, AWS event-stream frames), so `AnthropicBedrock` can point at it via `baseURL`.
 * Replies, stream events and Fault semantics are FakeAnthropic's.
 */
export class FakeBedrock {
  readonly url: string;
  readonly region: string;
  private readonly faults = new FaultTable();
  private readonly promptCache = new PromptCache();
  private readonly exchanges = new Set<Exchange>();
  private readonly sockets = new Set<Socket>();
  private recorded: BedrockRecordedRequest[] = [];
  private callCounts = new Map<string, number>();
  private closing: Promise<void> | undefined;
  private readonly maxRecorded: number;

  private constructor(
    private readonly server: Server,
    options: FakeBedrockOptions,
  ) {
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('FakeBedrock: server has no TCP address');
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    this.url = `http://${host}:${address.port}`;
    this.region = options.region ?? 'us-east-1';
    this.maxRecorded = options.maxRecordedRequests ?? DEFAULT_MAX_RECORDED;
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    const versions = options.anthropicVersions;
    const context: BedrockContext = {
      sigv4:
        options.accessKeyId === undefined
          ? undefined
          : { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey, region: this.region, service: 'bedrock' },
      knownModels: options.knownModels,
      acceptsVersion: versions === undefined ? defaultVersionCheck : (version) => versions.includes(version),
      faults: this.faults,
      promptCache: this.promptCache,
      exchanges: this.exchanges,
      record: (req, path, route, body) => this.record(req, path, route, body),
    };
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      handleBedrockRequest(context, req, res).catch(() => {
        if (res.headersSent) {
          res.destroy();
          return;
        }
        res.writeHead(500, { 'content-type': 'application/json', 'x-amzn-errortype': errorTypeHeader('InternalServerException') });
        res.end(JSON.stringify({ message: 'Simulator failure' }));
      });
    });
  }

  static async start(options: FakeBedrockOptions = {}): Promise<FakeBedrock> {
    const server = createServer();
    server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    return new FakeBedrock(server, { ...options });
  }

  /**
   * `modelId` is a Bedrock model id exactly as the client puts it in the path, decoded (region prefix included,
   * e.g. `us.anthropic.claude-sonnet-4-20250514-v1:0`), or '*' for every model; a model-specific fault wins.
   * `null` clears.
   */
  setFault(modelId: string, fault: Fault | null): void {
    this.faults.set(modelId, fault);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  /** InvokeModel(+stream) requests received, faulted and rejected ones included; for one model id, or all. */
  calls(modelId?: string): number {
    if (modelId === undefined || modelId === ANY_MODEL) {
      let total = 0;
      for (const n of this.callCounts.values()) total += n;
      return total;
    }
    return this.callCounts.get(modelId) ?? 0;
  }

  /** Every request received, InvokeModel or not. */
  get requests(): readonly BedrockRecordedRequest[] {
    return this.recorded;
  }

  /** Forgets requests, counts, faults and the prompt cache. */
  reset(): void {
    this.recorded = [];
    this.callCounts = new Map();
    this.faults.clear();
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

  private record(req: IncomingMessage, path: string, route: Route | undefined, body: unknown): void {
    const headers = redactHeaders(req.headers);
    delete headers['x-amz-security-token'];
    this.recorded.push({
      path,
      operation: route?.operation,
      modelId: route?.modelId ?? '',
      stream: route?.operation === INVOKE_STREAM,
      body: isRecord(body) ? body : {},
      headers,
      receivedAt: Date.now(),
    });
    const max = this.maxRecorded;
    if (this.recorded.length > max + Math.ceil(max / 10)) this.recorded.splice(0, this.recorded.length - max);
    if (route !== undefined) this.callCounts.set(route.modelId, (this.callCounts.get(route.modelId) ?? 0) + 1);
  }
}
