import type { Message } from '../generated/modelrouter/v1/Message';
import type { Tool } from '../generated/modelrouter/v1/Tool';
import { isRecord } from '../domain/json';
import { toStruct } from '../transport/grpc/struct';
import { UsageError } from './argValues';
import { readJsonArray } from './files';
import { cacheControlToProto, isJsonBlock, messageToProto, type JsonBlock, type JsonMessage } from './protoBlocks';

/**
 * A --messages file: Anthropic messages as proto Messages. Only the shape is checked here (what the proto could
 * not carry); roles, empty turns and block contents are the server's to judge, with its field paths.
 */
export async function readMessages(file: string): Promise<Message[]> {
  const items = await readJsonArray('--messages', file, 'messages');
  return items.map((item, i) => messageToProto(checkMessage(item, `--messages file '${file}': [${i}]`)));
}

function checkMessage(item: unknown, at: string): JsonMessage {
  if (!isRecord(item)) throw new UsageError(`${at} must be a message object ({role, content})`);
  const extra = Object.keys(item).filter((k) => k !== 'role' && k !== 'content');
  if (extra.length > 0) throw new UsageError(`${at} has ${extra.map((k) => `'${k}'`).join(', ')}; a message holds only role and content`);
  const { role, content } = item;
  if (typeof role !== 'string') throw new UsageError(`${at}.role must be a string`);
  if (typeof content === 'string') return { role, content };
  if (!Array.isArray(content)) throw new UsageError(`${at}.content must be a string or a list of blocks`);
  const blocks: JsonBlock[] = [];
  content.forEach((block: unknown, j) => {
    if (!isJsonBlock(block)) throw new UsageError(`${at}.content[${j}] must be a block object with a "type"`);
    blocks.push(block);
  });
  return { role, content: blocks };
}

/**
 * A --tools file: Anthropic tool definitions as proto Tools. Fields the proto names go to theirs; every other
 * field (an Anthropic tool type's settings such as max_characters) rides in `options` and reaches upstream as is.
 */
export async function readTools(file: string): Promise<Tool[]> {
  const items = await readJsonArray('--tools', file, 'tools');
  return items.map((item, i) => toolToProto(item, `--tools file '${file}': [${i}]`));
}

function toolToProto(item: unknown, at: string): Tool {
  if (!isRecord(item)) throw new UsageError(`${at} must be a tool object`);
  const { name, description, input_schema: inputSchema, type, cache_control: cacheControl, ...options } = item;
  if (typeof name !== 'string' || name === '') throw new UsageError(`${at}.name must be a non-empty string`);
  if (description !== undefined && typeof description !== 'string') throw new UsageError(`${at}.description must be a string`);
  if (inputSchema !== undefined && !isRecord(inputSchema)) throw new UsageError(`${at}.input_schema must be a JSON object`);
  if (type !== undefined && typeof type !== 'string') throw new UsageError(`${at}.type must be a string`);
  const control = cacheControl === undefined ? undefined : cacheControlToProto(cacheControl);
  if (cacheControl !== undefined && control === undefined) throw new UsageError(`${at}.cache_control must be {"type": ..., "ttl"?: ...}`);
  return {
    name,
    ...(description ? { description } : {}),
    ...(inputSchema !== undefined ? { input_schema: toStruct(inputSchema) } : {}),
    ...(type ? { type } : {}),
    ...(Object.keys(options).length > 0 ? { options: toStruct(options) } : {}),
    ...(control ? { cache_control: control } : {}),
  };
}
