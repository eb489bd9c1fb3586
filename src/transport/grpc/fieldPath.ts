import type { CompleteRequest__Output } from '../../generated/modelrouter/v1/CompleteRequest';
import type { ContentBlock__Output } from '../../generated/modelrouter/v1/ContentBlock';
import { formatPath, type FieldPath } from '../../domain/routerError';

type Segments = readonly (string | number)[];

const PROTO_TOP_LEVEL = new Set([
  'task',
  'model',
  'max_tokens',
  'temperature',
  'top_p',
  'top_k',
  'stop_sequences',
  'tools',
  'tool_choice',
  'betas',
  'labels',
  'cache',
  'extra',
]);
const TOOL_FIELDS = new Set(['name', 'description', 'input_schema', 'type', 'cache_control']);

/**
 * A field of the Messages JSON shape named as the caller wrote it in the proto, e.g. messages[2].content[0].source
 * .media_type -> messages[2].blocks[0].image.source.media_type, thinking.budget_tokens -> thinking_budget_tokens.
 */
export function protoPath(path: FieldPath, request: CompleteRequest__Output): string {
  const [head, ...rest] = path;
  switch (head) {
    case 'messages': {
      const [i, field, ...more] = rest;
      const message = typeof i === 'number' ? request.messages[i] : undefined;
      if (field !== 'content' || !message) return formatPath(path);
      return message.blocks.length > 0 ? `messages[${i}].blocks${blocksPath(more, message.blocks)}` : `messages[${i}].content`;
    }
    case 'system':
      return rest.length === 0 ? 'system' : `system_blocks${blocksPath(rest, request.system_blocks)}`;
    case 'thinking':
      return rest[0] === 'budget_tokens' ? 'thinking_budget_tokens' : `extra.${formatPath(path)}`;
    case 'metadata':
      return rest[0] === 'user_id' ? 'user_id' : `extra.${formatPath(path)}`;
    case 'tools': {
      const [i, field, ...more] = rest;
      if (typeof field !== 'string' || TOOL_FIELDS.has(field)) return formatPath(path);
      return `tools[${i}].options${formatTail([field, ...more])}`;
    }
    default:
      return typeof head === 'string' && PROTO_TOP_LEVEL.has(head) ? formatPath(path) : `extra.${formatPath(path)}`;
  }
}

function blocksPath(rest: Segments, blocks: readonly ContentBlock__Output[]): string {
  const [j, ...more] = rest;
  if (typeof j !== 'number') return formatTail(rest);
  const block = blocks[j];
  const kind = block?.block;
  if (!block || !kind) return `[${j}]${formatTail(more)}`;
  if (kind === 'tool_result' && more[0] === 'content') {
    return `[${j}].tool_result.content${blocksPath(more.slice(1), block.tool_result?.content ?? [])}`;
  }
  if (more[0] === 'cache_control') return `[${j}]${formatTail(more)}`;
  if ((kind === 'image' || kind === 'document') && more[0] === 'source') {
    const leaf = more[1];
    const name = leaf === 'data' && block.document?.source?.source === 'text' ? 'text' : leaf;
    return `[${j}].${kind}.source${name === undefined || name === 'type' ? '' : `.${name}`}`;
  }
  return `[${j}].${kind}${formatTail(more)}`;
}

function formatTail(rest: Segments): string {
  if (rest.length === 0) return '';
  const formatted = formatPath(rest);
  return typeof rest[0] === 'number' ? formatted : `.${formatted}`;
}
