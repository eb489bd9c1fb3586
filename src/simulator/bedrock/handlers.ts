import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sleep } from '../../util/sleep';
import type { Exchange } from '../exchange';
import type { Fault, FaultTable } from '../faults';
import type { PromptCache } from '../promptCache';
import { buildReply, messageBody, withUsage, type Reply, type ReplyOverrides } from '../replies';
import type { MessagesRequest } from '../request';
import { streamEvents } from '../streamEvents';
import { readBody, sendJson } from '../wire';
import { sendBedrockError, sendFaultError, streamExceptionFor } from './errors';
import { chunkFrame, EVENT_STREAM_CONTENT_TYPE, exceptionFrame, FrameWriter, malformedChunkFrame } from './eventStream';
import { checkInvokeBody, INVOKE_STREAM, matchRoute, type Route } from './invokeRequest';
import { checkSigV4, type SigV4Requirement } from './sigv4';

/** What the handlers need from the FakeBedrock that owns them. */
export interface BedrockContext {
  /** undefined: requests need no signature. */
  readonly sigv4: SigV4Requirement | undefined;
  readonly knownModels: readonly string[] | undefined;
  readonly acceptsVersion: (version: string) => boolean;
  readonly faults: FaultTable;
  readonly promptCache: PromptCache;
  readonly exchanges: Set<Exchange>;
  /** Notes one request as received; `route` undefined for a path that is no InvokeModel operation. */
  record(req: IncomingMessage, path: string, route: Route | undefined, body: unknown): void;
}

export async function handleBedrockRequest(ctx: BedrockContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const startedAt = Date.now();
  res.setHeader('x-amzn-requestid', randomUUID());
  const exchange = track(ctx, res);

  const path = (req.url ?? '').split('?')[0] ?? '';
  const matched = req.method === 'POST' ? matchRoute(path) : undefined;
  const raw = await readBody(req);
  if (raw.kind === 'aborted') return;
  const text = raw.kind === 'ok' ? raw.text : '';
  let body: unknown;
  let jsonError: string | undefined;
  try {
    body = text === '' ? {} : JSON.parse(text);
  } catch (err) {
    jsonError = err instanceof Error ? err.message : String(err);
  }
  const route = matched?.modelId === undefined ? undefined : { operation: matched.operation, modelId: matched.modelId };
  // Recorded before any check or fault, so the counts include every attempt the client made.
  ctx.record(req, path, route, body);
  exchange.model = route?.modelId;

  // The AWS front door authenticates before the request reaches Bedrock, so a bad signature wins over everything.
  const authFailure = ctx.sigv4 === undefined ? undefined : checkSigV4(req, text, ctx.sigv4);
  if (authFailure !== undefined) {
    sendBedrockError(res, authFailure.type, authFailure.message);
    return;
  }
  if (matched === undefined) {
    sendBedrockError(res, 'UnknownOperationException', `Unknown operation: ${req.method ?? ''} ${path}`);
    return;
  }
  if (raw.kind === 'too_large') {
    sendBedrockError(res, 'ValidationException', 'Input is too long for requested model.', { connection: 'close' });
    return;
  }
  if (route === undefined || (ctx.knownModels !== undefined && !ctx.knownModels.includes(route.modelId))) {
    sendBedrockError(res, 'ValidationException', 'The provided model identifier is invalid.');
    return;
  }
  if (jsonError !== undefined) {
    sendBedrockError(res, 'ValidationException', `Malformed input request: ${jsonError}, please reformat your input and try again.`);
    return;
  }
  const checked = checkInvokeBody(body, route, ctx.acceptsVersion);
  if (!checked.ok) {
    sendBedrockError(res, 'ValidationException', checked.message);
    return;
  }

  const fault = ctx.faults.take(route.modelId) ?? {};
  if (!(await survivesFault(req, res, fault, exchange))) return;
  const reply = replyFor(ctx, checked.request, fault);
  if (route.operation === INVOKE_STREAM) {
    await stream(req, res, reply, fault, exchange, startedAt);
    return;
  }
  sendJson(res, 200, messageBody(reply), { ...fault.headers, ...usageHeaders(reply, startedAt) });
}

function track(ctx: BedrockContext, res: ServerResponse): Exchange {
  const exchange: Exchange = { controller: new AbortController(), model: undefined, serverDestroyed: false };
  ctx.exchanges.add(exchange);
  res.once('close', () => {
    ctx.exchanges.delete(exchange);
    exchange.controller.abort();
  });
  return exchange;
}

/** The fault's hang, delay, drop and error status, as Bedrock errors; false when the response is dealt with. */
async function survivesFault(req: IncomingMessage, res: ServerResponse, fault: Fault, exchange: Exchange): Promise<boolean> {
  const signal = exchange.controller.signal;
  if (fault.hang === true) return false;
  await sleep(fault.delayMs ?? 0, signal);
  if (signal.aborted) return false;
  if (fault.drop === true) {
    exchange.serverDestroyed = true;
    req.socket.destroy();
    return false;
  }
  if (fault.status !== undefined) {
    sendFaultError(res, { ...fault, status: fault.status });
    return false;
  }
  return true;
}

function replyFor(ctx: BedrockContext, request: MessagesRequest, fault: Fault): Reply {
  const overrides: ReplyOverrides = {};
  if (fault.text !== undefined) overrides.text = fault.text;
  if (fault.stopReason !== undefined) overrides.stopReason = fault.stopReason;
  if (fault.content !== undefined) overrides.content = fault.content;
  return withUsage(buildReply(request, overrides), ctx.promptCache.observe(request), fault.usage);
}

/** The headers InvokeModel adds to a 200: latency and token counts. */
function usageHeaders(reply: Reply, startedAt: number): Record<string, string> {
  const headers: Record<string, string> = {
    'x-amzn-bedrock-invocation-latency': String(Date.now() - startedAt),
    'x-amzn-bedrock-input-token-count': String(reply.inputTokens),
    'x-amzn-bedrock-output-token-count': String(reply.outputTokens),
  };
  if (reply.cache !== undefined) {
    headers['x-amzn-bedrock-cache-read-input-token-count'] = String(reply.cache.readInputTokens);
    headers['x-amzn-bedrock-cache-write-input-token-count'] = String(reply.cache.creationInputTokens);
  }
  return headers;
}

/** What Bedrock appends to the message_stop event of a stream. */
function invocationMetrics(reply: Reply, startedAt: number, firstByteAt: number): Record<string, number> {
  const metrics: Record<string, number> = {
    inputTokenCount: reply.inputTokens,
    outputTokenCount: reply.outputTokens,
    invocationLatency: Date.now() - startedAt,
    firstByteLatency: firstByteAt - startedAt,
  };
  if (reply.cache !== undefined) {
    metrics['cacheReadInputTokenCount'] = reply.cache.readInputTokens;
    metrics['cacheWriteInputTokenCount'] = reply.cache.creationInputTokens;
  }
  return metrics;
}

/** The Messages stream events, each one chunk frame; the stream faults mean what they mean for FakeAnthropic. */
async function stream(req: IncomingMessage, res: ServerResponse, reply: Reply, fault: Fault, exchange: Exchange, startedAt: number): Promise<void> {
  const signal = exchange.controller.signal;
  res.writeHead(200, {
    ...fault.headers,
    'content-type': EVENT_STREAM_CONTENT_TYPE,
    'x-amzn-bedrock-content-type': 'application/json',
  });
  const writer = new FrameWriter(res);
  let textDeltas = 0;
  let firstByteAt = Date.now();
  let stalled = false;
  let malformedSent = false;

  for (const [i, event] of streamEvents(reply).entries()) {
    if (i > 0) {
      await sleep(fault.chunkDelayMs ?? 0, signal);
      if (signal.aborted) return;
      // A reply with fewer text deltas than asked for still fails, before it could report success.
      const due = (after: number | undefined): boolean => after !== undefined && (textDeltas >= after || event.event === 'message_delta');
      if (due(fault.streamErrorAfterDeltas)) {
        const { exceptionType, payload } = streamExceptionFor(fault);
        res.end(exceptionFrame(exceptionType, payload));
        return;
      }
      if (due(fault.dropAfterDeltas)) {
        await writer.flushed();
        exchange.serverDestroyed = true;
        req.socket.destroy();
        return;
      }
      if (due(fault.stallAfterDeltas) && !stalled) {
        stalled = true;
        await sleep(fault.stallMs ?? 24 * 3600_000, signal);
        if (!signal.aborted) res.end();
        return;
      }
      if (due(fault.malformedAfterDeltas) && !malformedSent) {
        malformedSent = true;
        for (let m = 0; m < (fault.malformedCount ?? 1); m++) await writer.write(malformedChunkFrame());
      }
    }
    if (event.event === 'message_stop' && fault.omitMessageStop === true) break;
    const data =
      event.event === 'message_stop' ? { ...event.data, 'amazon-bedrock-invocationMetrics': invocationMetrics(reply, startedAt, firstByteAt) } : event.data;
    if (!(await writer.write(chunkFrame(data)))) return;
    if (i === 0) firstByteAt = Date.now();
    if (event.isTextDelta) textDeltas += 1;
  }
  res.end();
}
