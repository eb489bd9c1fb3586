import type { CompleteRequest__Output } from '../../generated/modelrouter/v1/CompleteRequest';
import type { Tool__Output } from '../../generated/modelrouter/v1/Tool';
import type { MessageParam, MessagesParams, Tool } from '../../domain/messages';
import type { CacheMode, RouterRequest } from '../../domain/request';
import { invalidField } from '../../domain/routerError';
import { blockToJson, cacheControlToJson } from './blocks';
import { fromStruct } from './struct';

const CACHE_MODES: Readonly<Record<string, CacheMode>> = {
  CACHE_MODE_UNSPECIFIED: 'default',
  CACHE_MODE_BYPASS: 'bypass',
  CACHE_MODE_REFRESH: 'refresh',
};

/** Set by the router per attempt: `extra` may not carry them. */
const ROUTER_FIELDS = new Set(['model', 'messages', 'stream']);

/**
 * A CompleteRequest as the Messages body and routing envelope the core speaks. Only what the proto shape itself
 * makes ambiguous is refused here (content and blocks both set, an `extra` field that another field sets);
 * everything else is validated once, in the core, for both doors.
 */
export function toRouterRequest(request: CompleteRequest__Output): RouterRequest {
  const params: MessagesParams = { messages: request.messages.map(toMessage) };
  if (request.system_blocks.length > 0) {
    if (request.system !== '') throw invalidField(['system'], 'system and system_blocks are both set; use one');
    params.system = request.system_blocks.map((block, j) => blockToJson(block, ['system', j]));
  } else if (request.system !== '') {
    params.system = request.system;
  }
  if (request.max_tokens !== 0) params.max_tokens = request.max_tokens;
  if (request.temperature !== undefined) params.temperature = request.temperature;
  if (request.top_p !== undefined) params.top_p = request.top_p;
  if (request.top_k !== undefined) params.top_k = request.top_k;
  if (request.stop_sequences.length > 0) params.stop_sequences = [...request.stop_sequences];
  if (request.thinking_budget_tokens !== 0) params.thinking = { type: 'enabled', budget_tokens: request.thinking_budget_tokens };
  if (request.tools.length > 0) params.tools = request.tools.map(toTool);
  const choice = request.tool_choice;
  if (choice) {
    params.tool_choice = {
      type: choice.type,
      ...(choice.name ? { name: choice.name } : {}),
      ...(choice.disable_parallel_tool_use ? { disable_parallel_tool_use: true } : {}),
    };
  }
  if (request.user_id !== '') params.metadata = { user_id: request.user_id };
  mergeExtra(params, request);
  const cache = CACHE_MODES[request.cache];
  if (!cache) throw invalidField(['cache'], `must be one of ${Object.keys(CACHE_MODES).join(', ')}`);
  return {
    params,
    betas: [...request.betas],
    routing: { task: request.task || undefined, model: request.model || undefined, cache, labels: request.labels, streamRestart: request.stream_restart },
  };
}

function toMessage(message: CompleteRequest__Output['messages'][number], i: number): MessageParam {
  if (message.blocks.length > 0 && message.content !== '') throw invalidField(['messages', i], 'content and blocks are both set; use one');
  const content = message.blocks.length > 0 ? message.blocks.map((block, j) => blockToJson(block, ['messages', i, 'content', j])) : message.content;
  return { role: message.role as MessageParam['role'], content };
}

/**
 * The tool type's own options, then the proto's fields over them. Set on the fresh object fromStruct made rather than
 * spread into a new one: Node 20 takes a slow path for each key added to a spread copy (src/util/extend.ts).
 */
function toTool(tool: Tool__Output, i: number): Tool {
  const json = fromStruct(tool.options, ['tools', i]);
  json['name'] = tool.name;
  if (tool.type) json['type'] = tool.type;
  if (tool.description) json['description'] = tool.description;
  if (tool.input_schema) json['input_schema'] = fromStruct(tool.input_schema, ['tools', i, 'input_schema']);
  const cacheControl = cacheControlToJson(tool.cache_control);
  if (cacheControl) json['cache_control'] = cacheControl;
  return json as Tool;
}

function mergeExtra(params: MessagesParams, request: CompleteRequest__Output): void {
  if (!request.extra) return;
  for (const [key, value] of Object.entries(fromStruct(request.extra, []))) {
    if (ROUTER_FIELDS.has(key)) throw invalidField(['extra', key], 'is set by the router');
    if (params[key] !== undefined) throw invalidField(['extra', key], 'is also set by its own field; set it once');
    params[key] = value;
  }
}
