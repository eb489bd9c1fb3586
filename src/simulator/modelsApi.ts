import type { IncomingMessage, ServerResponse } from 'node:http';
import { authorized, survivesFault, type Exchange } from './exchange';
import { defaultErrorMessage } from './faults';
import type { ServerContext } from './handlers';
import { MODEL_LIFECYCLES, type PageQuery } from './modelListing';
import type { ModelLifecycle } from './modelTypes';
import { sendError, sendJson } from './wire';

export const MODELS_PATH = '/v1/models';
/** The one key of ServerContext.modelsFaults: the Models API has no per-model faults. */
export const MODELS_FAULT_KEY = MODELS_PATH;

const MODEL_PREFIX = `${MODELS_PATH}/`;
const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 1000;
/** Retired models are listed only when asked for, as on the real API. */
const DEFAULT_LIFECYCLES: ReadonlySet<ModelLifecycle> = new Set(['active', 'deprecated']);
/**
 * The SDK serialises an array query param as `lifecycle[]=a&lifecycle[]=b` (qs, arrayFormat 'brackets');
 * repeated bare keys, indexed keys and comma-separated values are accepted as well, as other clients send those.
 */
const LIFECYCLE_KEY = /^lifecycle(\[\d*\])?$/;

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

export function isModelsPath(path: string): boolean {
  return path === MODELS_PATH || path.startsWith(MODEL_PREFIX);
}

/** GET /v1/models (one page) and GET /v1/models/{id or alias}. */
export async function handleModelsRequest(ctx: ServerContext, req: IncomingMessage, res: ServerResponse, exchange: Exchange): Promise<void> {
  const url = req.url ?? '';
  const queryAt = url.indexOf('?');
  const path = queryAt < 0 ? url : url.slice(0, queryAt);
  const isList = path === MODELS_PATH;
  // Counted before any check, like calls(): a client's every attempt shows, refused ones included.
  if (isList) ctx.noteModelList();
  if (!authorized(ctx.apiKey, req)) {
    sendError(res, 401, 'authentication_error', defaultErrorMessage('authentication_error'));
    return;
  }
  if (isList) await servePage(ctx, req, res, exchange, new URLSearchParams(queryAt < 0 ? '' : url.slice(queryAt + 1)));
  else await serveModel(ctx, req, res, exchange, decodeId(path.slice(MODEL_PREFIX.length)));
}

async function servePage(ctx: ServerContext, req: IncomingMessage, res: ServerResponse, exchange: Exchange, params: URLSearchParams): Promise<void> {
  const parsed = parseListQuery(params);
  if (!parsed.ok) {
    sendError(res, 400, 'invalid_request_error', parsed.message);
    return;
  }
  const fault = ctx.modelsFaults.take(MODELS_FAULT_KEY) ?? {};
  if (!(await survivesFault(req, res, fault, exchange))) return;
  const looping = fault.pageLoop === true;
  // A looping listing ignores the cursor, so every page is the first one again and last_id never moves.
  const query: PageQuery = looping ? { lifecycles: parsed.value.lifecycles, limit: parsed.value.limit } : parsed.value;
  const result = ctx.models.page(query);
  if (!result.ok) {
    sendError(res, 400, 'invalid_request_error', result.message);
    return;
  }
  sendJson(res, 200, looping ? { ...result.page, has_more: true } : result.page, { ...fault.headers });
}

async function serveModel(ctx: ServerContext, req: IncomingMessage, res: ServerResponse, exchange: Exchange, id: string): Promise<void> {
  const fault = ctx.modelsFaults.take(MODELS_FAULT_KEY) ?? {};
  if (!(await survivesFault(req, res, fault, exchange))) return;
  const entry = ctx.models.find(id);
  if (entry === undefined) sendError(res, 404, 'not_found_error', `model: ${id}`);
  else sendJson(res, 200, entry, { ...fault.headers });
}

function decodeId(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    // Malformed percent-encoding names no model; the raw text is what the 404 then quotes.
    return raw;
  }
}

export function parseListQuery(params: URLSearchParams): Parsed<PageQuery> {
  const limit = parseLimit(params.get('limit'));
  if (!limit.ok) return limit;
  const lifecycles = parseLifecycles(params);
  if (!lifecycles.ok) return lifecycles;
  const afterId = params.get('after_id');
  const beforeId = params.get('before_id');
  if (afterId !== null && beforeId !== null) {
    return { ok: false, message: 'after_id and before_id cannot both be set' };
  }
  const query: { -readonly [K in keyof PageQuery]: PageQuery[K] } = { lifecycles: lifecycles.value, limit: limit.value };
  if (afterId !== null) query.afterId = afterId;
  if (beforeId !== null) query.beforeId = beforeId;
  return { ok: true, value: query };
}

function parseLimit(raw: string | null): Parsed<number> {
  if (raw === null) return { ok: true, value: DEFAULT_LIMIT };
  if (!/^\d+$/.test(raw)) return { ok: false, message: 'limit: Input should be a valid integer' };
  const limit = Number(raw);
  if (limit < 1) return { ok: false, message: 'limit: Input should be greater than or equal to 1' };
  if (limit > MAX_LIMIT) return { ok: false, message: `limit: Input should be less than or equal to ${MAX_LIMIT}` };
  return { ok: true, value: limit };
}

function parseLifecycles(params: URLSearchParams): Parsed<ReadonlySet<ModelLifecycle>> {
  const values: string[] = [];
  for (const [key, value] of params) if (LIFECYCLE_KEY.test(key)) values.push(...value.split(','));
  if (values.length === 0) return { ok: true, value: DEFAULT_LIFECYCLES };
  const wanted = new Set<ModelLifecycle>();
  for (const [i, raw] of values.entries()) {
    const lifecycle = MODEL_LIFECYCLES.find((l) => l === raw.trim());
    if (lifecycle === undefined) {
      return { ok: false, message: `lifecycle.${i}: Input should be 'active', 'deprecated' or 'retired'` };
    }
    wanted.add(lifecycle);
  }
  return { ok: true, value: wanted };
}
