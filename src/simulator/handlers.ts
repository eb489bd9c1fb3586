import type { IncomingMessage, ServerResponse } from 'node:http';
import { sleep } from '../util/sleep';
import { authorized, survivesFault, type Exchange } from './exchange';
import { defaultErrorMessage, type Fault, type FaultTable } from './faults';
import type { ModelListing } from './modelListing';
import { handleModelsRequest, isModelsPath } from './modelsApi';
import type { PromptCache } from './promptCache';
import { buildReply, messageBody, randomId, withUsage, type Reply, type ReplyOverrides } from './replies';
import { parseCountTokensRequest, parseMessagesRequest, type MessagesRequest, type ParseResult } from './request';
import { SseWriter, sseFrame } from './sse';
import { streamEvents } from './streamEvents';
import { estimateInputTokens } from './tokens';
import { errorBody, readBody, sendError, sendJson } from './wire';

export const MESSAGES_PATH = '/v1/messages';
export const COUNT_TOKENS_PATH = '/v1/messages/count_tokens';
export type ApiPath = typeof MESSAGES_PATH | typeof COUNT_TOKENS_PATH;

const PARSERS: Readonly<Record<ApiPath, (body: unknown) => ParseResult>> = {
  [MESSAGES_PATH]: parseMessagesRequest,
  [COUNT_TOKENS_PATH]: parseCountTokensRequest,
};

export type { Exchange } from './exchange';

/** What the handlers need from the FakeAnthropic that owns them. */
export interface ServerContext {
  readonly apiKey: string | undefined;
  readonly knownModels: readonly string[] | undefined;
  readonly faults: FaultTable;
  readonly promptCache: PromptCache;
  readonly exchanges: Set<Exchange>;
  /** What GET /v1/models serves; its retired models also refuse messages. */
  readonly models: ModelListing;
  /** Faults for GET /v1/models and /v1/models/{id}, apart from `faults` so a '*' fault for messages stays there. */
  readonly modelsFaults: FaultTable;
  /** When true, a retired model of the listing still answers messages (FakeAnthropicOptions.serveRetiredModels). */
  readonly serveRetiredModels: boolean;
  isClosing(): boolean;
  /** Notes one attempt at `path` and returns its model ('' when the body names none). */
  record(req: IncomingMessage, path: ApiPath, body: unknown): string;
  noteModelList(): void;
  noteAborted(model: string): void;
}

export async function handleRequest(ctx: ServerContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  res.setHeader('request-id', randomId('req_'));
  const exchange = track(ctx, res);

  const path = (req.url ?? '').split('?')[0] ?? '';
  if (req.method === 'GET' && isModelsPath(path)) {
    await handleModelsRequest(ctx, req, res, exchange);
    return;
  }
  if (req.method !== 'POST' || !(path === MESSAGES_PATH || path === COUNT_TOKENS_PATH)) {
    sendError(res, 404, 'not_found_error', `Not found: ${req.method ?? ''} ${path}`);
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
  // Recorded before any check or fault, so the counts include every attempt the client made.
  const model = ctx.record(req, path, body);
  exchange.model = model;

  if (!authorized(ctx.apiKey, req)) {
    sendError(res, 401, 'authentication_error', defaultErrorMessage('authentication_error'));
    return;
  }
  if (jsonError !== undefined) {
    sendError(res, 400, 'invalid_request_error', jsonError);
    return;
  }
  const parsed = PARSERS[path](body);
  if (!parsed.ok) {
    sendError(res, 400, 'invalid_request_error', parsed.message);
    return;
  }
  const unknown = ctx.knownModels !== undefined && !ctx.knownModels.includes(model);
  // A retired model stays in the catalog as a record, but the real API refuses inference on it as if unknown.
  if (unknown || (!ctx.serveRetiredModels && ctx.models.isRetired(model))) {
    sendError(res, 404, 'not_found_error', `model: ${model}`);
    return;
  }

  const fault = ctx.faults.take(model) ?? {};
  if (!(await survivesFault(req, res, fault, exchange))) return;
  if (path === COUNT_TOKENS_PATH) {
    sendJson(res, 200, { input_tokens: estimateInputTokens(parsed.request) }, { ...fault.headers });
    return;
  }
  const reply = replyFor(ctx, parsed.request, fault);
  if (parsed.request.stream) await stream(req, res, reply, fault, exchange);
  else sendJson(res, 200, messageBody(reply), { ...fault.headers });
}

function track(ctx: ServerContext, res: ServerResponse): Exchange {
  const exchange: Exchange = { controller: new AbortController(), model: undefined, serverDestroyed: false };
  ctx.exchanges.add(exchange);
  res.once('close', () => {
    ctx.exchanges.delete(exchange);
    exchange.controller.abort();
    const clientLeft = !res.writableFinished && !exchange.serverDestroyed && !ctx.isClosing();
    if (clientLeft && exchange.model !== undefined) ctx.noteAborted(exchange.model);
  });
  return exchange;
}

function replyFor(ctx: ServerContext, request: MessagesRequest, fault: Fault): Reply {
  const overrides: ReplyOverrides = {};
  if (fault.text !== undefined) overrides.text = fault.text;
  if (fault.stopReason !== undefined) overrides.stopReason = fault.stopReason;
  if (fault.content !== undefined) overrides.content = fault.content;
  // Only a served reply reaches the cache, as on the real API, where a failed request writes nothing.
  return withUsage(buildReply(request, overrides), ctx.promptCache.observe(request), fault.usage);
}

async function stream(req: IncomingMessage, res: ServerResponse, reply: Reply, fault: Fault, exchange: Exchange): Promise<void> {
  const signal = exchange.controller.signal;
  res.writeHead(200, { ...fault.headers, 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  if (nothingBetweenEvents(fault)) {
    // Frames written one by one in a tick leave in one burst anyway; one write costs the fake about half as much CPU
    // per answer, which the bench would otherwise count against the router (the direct SDK's answer is one write).
    res.end(streamEvents(reply).reduce((body, event) => body + sseFrame(event.event, event.data), ''));
    return;
  }
  const writer = new SseWriter(res);
  const { streamErrorAfterDeltas: errorAfter, dropAfterDeltas: dropAfter } = fault;
  let textDeltas = 0;
  let stalled = false;
  let malformedSent = false;

  for (const [i, event] of streamEvents(reply).entries()) {
    if (i > 0) {
      await sleep(fault.chunkDelayMs ?? 0, signal);
      if (signal.aborted) return;
      // A reply with fewer text deltas than asked for still fails, before it could report success.
      const due = (after: number | undefined): boolean => after !== undefined && (textDeltas >= after || event.event === 'message_delta');
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
      if (due(fault.stallAfterDeltas) && !stalled) {
        stalled = true;
        // Silent, then closed: a stream that stalled and never finished.
        await sleep(fault.stallMs ?? 24 * 3600_000, signal);
        if (!signal.aborted) res.end();
        return;
      }
      if (due(fault.malformedAfterDeltas) && !malformedSent) {
        malformedSent = true;
        for (let m = 0; m < (fault.malformedCount ?? 1); m++)
          await writer.sendRaw(`event: content_block_delta\ndata: {"type": "content_block_delta", "index": 0, "delta": {oops\n\n`);
      }
    }
    if (event.event === 'message_stop' && fault.omitMessageStop === true) break;
    if (!(await writer.send(event.event, event.data))) return;
    if (event.isTextDelta) textDeltas += 1;
  }
  res.end();
}

/** No delay, cut or malformed event to place between a stream's events: it can go as one write. */
function nothingBetweenEvents(fault: Fault): boolean {
  const perEvent = [fault.streamErrorAfterDeltas, fault.dropAfterDeltas, fault.stallAfterDeltas, fault.malformedAfterDeltas];
  return (fault.chunkDelayMs ?? 0) <= 0 && perEvent.every((after) => after === undefined) && fault.omitMessageStop !== true;
}
