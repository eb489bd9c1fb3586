import type { IncomingMessage, ServerResponse } from 'node:http';
import { survivesFault, type Exchange } from '../exchange';
import { defaultErrorMessage, type FaultTable } from '../faults';
import type { PromptCache } from '../promptCache';
import { buildReply, messageBody, withUsage, type Reply, type ReplyOverrides } from '../replies';
import { isRecord, parseCountTokensRequest, parseMessagesRequest, type MessagesRequest } from '../request';
import { estimateInputTokens } from '../tokens';
import { readBody, sendError, sendJson } from '../wire';
import { defaultGoogleMessage, INVALID_CREDENTIALS, MISSING_CREDENTIALS, sendFaultError, sendGoogleError, type VertexFault } from './errors';
import { anthropicModelId, matchRoute, type VertexRoute } from './route';
import { streamReply } from './stream';

/** What the handler needs from the FakeVertex that owns it. */
export interface VertexContext {
  readonly accessToken: string | undefined;
  readonly project: string | undefined;
  readonly region: string | undefined;
  /** undefined: every model id is served. */
  readonly knownModels: ReadonlySet<string> | undefined;
  readonly anthropicVersions: ReadonlySet<string>;
  readonly faults: FaultTable;
  readonly promptCache: PromptCache;
  readonly exchanges: Set<Exchange>;
  /** Notes one attempt; `model` is the id as sent (in the path, or in the body for count-tokens). */
  record(req: IncomingMessage, route: VertexRoute, model: string, body: unknown): void;
}

export async function handleVertexRequest(ctx: VertexContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const exchange = track(ctx, res);
  const path = (req.url ?? '').split('?')[0] ?? '';
  const match = matchRoute(path);
  if (req.method !== 'POST' || !match.ok) {
    sendGoogleError(res, 404, 'Requested entity was not found.', false);
    return;
  }
  const route = match.route;
  const streaming = route.kind === 'streamRawPredict';

  const raw = await readBody(req);
  if (raw.kind === 'aborted') return;
  if (raw.kind === 'too_large') {
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
  const countTokens = route.kind === 'countTokens';
  const bodyModel = isRecord(body) && typeof body['model'] === 'string' ? body['model'] : '';
  const model = countTokens ? bodyModel : route.model;
  // Recorded before any check or fault, so the counts include every attempt the client made.
  ctx.record(req, route, model, body);
  exchange.model = model;

  // Google's front end: credentials, then IAM on the project, then the model's existence in that location.
  const authorization = req.headers['authorization'];
  if (ctx.accessToken !== undefined && authorization !== `Bearer ${ctx.accessToken}`) {
    const missing = authorization === undefined || authorization === '';
    sendGoogleError(res, 401, missing ? MISSING_CREDENTIALS : INVALID_CREDENTIALS, streaming);
    return;
  }
  if (ctx.project !== undefined && route.project !== ctx.project) {
    sendGoogleError(res, 403, defaultGoogleMessage(403, route), streaming);
    return;
  }
  const unknown = (name: string): boolean => ctx.knownModels !== undefined && !ctx.knownModels.has(name);
  if ((ctx.region !== undefined && route.region !== ctx.region) || (!countTokens && unknown(route.model))) {
    sendGoogleError(res, 404, defaultGoogleMessage(404, route), streaming);
    return;
  }

  // Anthropic's model server: the body, in Anthropic's error shape.
  const invalid = jsonError ?? checkBody(ctx, body, countTokens);
  if (invalid !== undefined) {
    sendError(res, 400, 'invalid_request_error', invalid);
    return;
  }
  const fields = body as Record<string, unknown>;
  const parsed = countTokens ? parseCountTokensRequest(fields) : parseMessagesRequest({ ...fields, model: anthropicModelId(model) });
  if (!parsed.ok) {
    sendError(res, 400, 'invalid_request_error', parsed.message);
    return;
  }
  if (countTokens && unknown(model)) {
    sendError(res, 404, 'not_found_error', `model: ${model}`);
    return;
  }

  const fault: VertexFault = ctx.faults.take(model) ?? {};
  const { status, ...rest } = fault;
  if (!(await survivesFault(req, res, rest, exchange))) return;
  if (status !== undefined) {
    sendFaultError(res, status, fault, route);
    return;
  }
  if (countTokens) {
    sendJson(res, 200, { input_tokens: estimateInputTokens(parsed.request) }, { ...fault.headers });
    return;
  }
  const reply = replyFor(ctx, parsed.request, fault);
  if (streaming) await streamReply(req, res, reply, fault, exchange);
  else sendJson(res, 200, messageBody(reply), { ...fault.headers });
}

/** What Vertex adds to the Messages API body: `anthropic_version` is required, and `model` lives in the path. */
function checkBody(ctx: VertexContext, body: unknown, countTokens: boolean): string | undefined {
  if (!isRecord(body)) return 'Request body must be a JSON object';
  const version = body['anthropic_version'];
  if (version === undefined) return 'anthropic_version: Field required';
  if (typeof version !== 'string' || !ctx.anthropicVersions.has(version)) {
    const allowed = [...ctx.anthropicVersions].map((v) => `'${v}'`).join(' or ');
    return `anthropic_version: Input should be ${allowed}`;
  }
  if (!countTokens && 'model' in body) return 'model: Extra inputs are not permitted';
  return undefined;
}

function replyFor(ctx: VertexContext, request: MessagesRequest, fault: VertexFault): Reply {
  const overrides: ReplyOverrides = {};
  if (fault.text !== undefined) overrides.text = fault.text;
  if (fault.stopReason !== undefined) overrides.stopReason = fault.stopReason;
  if (fault.content !== undefined) overrides.content = fault.content;
  const reply = withUsage(buildReply(request, overrides), ctx.promptCache.observe(request), fault.usage);
  // Messages served through Vertex carry ids of their own family, as Bedrock's carry msg_bdrk_.
  return { ...reply, id: reply.id.replace(/^msg_/, 'msg_vrtx_') };
}

function track(ctx: VertexContext, res: ServerResponse): Exchange {
  const exchange: Exchange = { controller: new AbortController(), model: undefined, serverDestroyed: false };
  ctx.exchanges.add(exchange);
  res.once('close', () => {
    ctx.exchanges.delete(exchange);
    exchange.controller.abort();
  });
  return exchange;
}
