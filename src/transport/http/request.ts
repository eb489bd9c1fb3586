import type { IncomingHttpHeaders } from 'node:http';
import { isRecord } from '../../domain/json';
import type { MessagesParams } from '../../domain/messages';
import type { CacheMode, RouterRequest, Routing } from '../../domain/request';
import { echo, invalidField, invalidRequest } from '../../domain/routerError';
import { header } from './callInfo';

const TASK_PREFIX = 'task:';
const AUTO = 'auto';
const CACHE_MODES: Readonly<Record<string, CacheMode>> = { bypass: 'bypass', refresh: 'refresh' };

/** Whether the body asks for a stream, read before anything else decides how to answer. */
export function wantsStream(body: unknown): boolean {
  return isRecord(body) && body['stream'] === true;
}

/**
 * An Anthropic Messages request body as the core's request: the body itself is the Messages shape (unknown fields
 * ride along), `model` becomes routing (an id or alias: that model only; `task:<name>`: the task's chain; `auto`:
 * the task the router infers (routing.infer_task)), `anthropic-beta` the betas, and the router's own headers the rest
 * of the envelope: `x-modelrouter-task` (wins over the body's model), `x-modelrouter-cache: bypass|refresh`.
 */
export function toRouterRequest(body: unknown, headers: IncomingHttpHeaders, needsMaxTokens: boolean): RouterRequest {
  if (!isRecord(body)) throw invalidRequest('the request body must be a JSON object');
  const { model, stream, ...rest } = body;
  if (typeof model !== 'string' || model === '') throw invalidField(['model'], 'is required (a model id or alias, task:<name>, or auto)');
  if (stream !== undefined && typeof stream !== 'boolean') throw invalidField(['stream'], 'must be true or false');
  if (needsMaxTokens && rest['max_tokens'] === undefined) throw invalidField(['max_tokens'], 'is required');
  return { params: rest as MessagesParams, betas: betas(headers), routing: routing(model, headers) };
}

function routing(model: string, headers: IncomingHttpHeaders): Routing {
  const taskHeader = header(headers['x-modelrouter-task']);
  const cacheHeader = header(headers['x-modelrouter-cache']);
  const cache = cacheHeader === undefined ? 'default' : CACHE_MODES[cacheHeader];
  if (!cache) throw invalidField(['x-modelrouter-cache'], `${echo(cacheHeader ?? '')} must be bypass or refresh`);
  const streamRestart = header(headers['x-modelrouter-stream-restart']) === 'true';
  if (taskHeader !== undefined) return { cache, labels: {}, streamRestart, task: taskHeader, model: undefined };
  if (model === AUTO) return { cache, labels: {}, streamRestart, task: undefined, model: undefined };
  if (model.startsWith(TASK_PREFIX)) return { cache, labels: {}, streamRestart, task: model.slice(TASK_PREFIX.length), model: undefined };
  return { cache, labels: {}, streamRestart, task: undefined, model };
}

function betas(headers: IncomingHttpHeaders): string[] {
  const raw = headers['anthropic-beta'];
  const values = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}
