import type { CacheControl } from '../generated/modelrouter/v1/CacheControl';
import type { ContentBlock } from '../generated/modelrouter/v1/ContentBlock';
import type { MediaSource } from '../generated/modelrouter/v1/MediaSource';
import type { Message } from '../generated/modelrouter/v1/Message';
import { isRecord, type JsonObject } from '../domain/json';
import { toStruct } from '../transport/grpc/struct';

/** A content block as a messages file holds it: any JSON object with a string `type`. */
export type JsonBlock = JsonObject & { type: string };

/** An Anthropic message whose content is already known to be a string or a list of blocks. */
export interface JsonMessage {
  role: string;
  content: string | JsonBlock[];
}

/** The fields each typed proto block can carry, besides `type` and `cache_control`. */
const TYPED_FIELDS: Readonly<Record<string, readonly string[]>> = {
  text: ['text', 'citations'],
  image: ['source'],
  document: ['source', 'title', 'context', 'citations'],
  tool_use: ['id', 'name', 'input'],
  tool_result: ['tool_use_id', 'content', 'is_error'],
  thinking: ['thinking', 'signature'],
  redacted_thinking: ['data'],
};

/** A string turn stays `content`, so the router sees the same request a plain prompt makes. */
export function messageToProto(message: JsonMessage): Message {
  if (typeof message.content === 'string') return { role: message.role, content: message.content };
  return { role: message.role, blocks: message.content.map(blockToProto) };
}

/**
 * A Messages API block as a proto ContentBlock: the inverse of the server's blockToJson. A block the typed
 * message cannot say exactly (a field it lacks, a source kind it lacks, a value of the wrong kind) goes whole as
 * `raw`, so it still reaches upstream as written and upstream judges it, rather than losing what the CLI does not know.
 */
export function blockToProto(block: JsonBlock): ContentBlock {
  const typed = hasOnlyTypedFields(block) ? typedBlock(block) : undefined;
  if (typed === undefined) return { raw: toStruct(block) };
  if (block['cache_control'] === undefined) return typed;
  const cacheControl = cacheControlToProto(block['cache_control']);
  return cacheControl ? { ...typed, cache_control: cacheControl } : { raw: toStruct(block) };
}

function hasOnlyTypedFields(block: JsonBlock): boolean {
  const fields = TYPED_FIELDS[block.type];
  return fields !== undefined && Object.keys(block).every((k) => k === 'type' || k === 'cache_control' || fields.includes(k));
}

function typedBlock(block: JsonBlock): ContentBlock | undefined {
  switch (block.type) {
    case 'text':
      return textBlock(block);
    case 'image': {
      const source = sourceToProto(block['source']);
      return source && { image: { source } };
    }
    case 'document':
      return documentBlock(block);
    case 'tool_use': {
      const { id, name, input } = block;
      if (typeof id !== 'string' || typeof name !== 'string' || !isRecord(input)) return undefined;
      return { tool_use: { id, name, input: toStruct(input) } };
    }
    case 'tool_result':
      return toolResultBlock(block);
    case 'thinking': {
      const { thinking, signature } = block;
      if (typeof thinking !== 'string' || typeof signature !== 'string') return undefined;
      return { thinking: { thinking, signature } };
    }
    case 'redacted_thinking':
      return typeof block['data'] === 'string' ? { redacted_thinking: { data: block['data'] } } : undefined;
    default:
      return undefined;
  }
}

function textBlock(block: JsonBlock): ContentBlock | undefined {
  const { text, citations } = block;
  if (typeof text !== 'string') return undefined;
  if (citations === undefined || citations === null) return { text: { text } };
  if (!Array.isArray(citations) || !citations.every(isRecord)) return undefined;
  return { text: { text, citations: citations.map(toStruct) } };
}

function documentBlock(block: JsonBlock): ContentBlock | undefined {
  const source = sourceToProto(block['source']);
  const { title = '', context = '', citations } = block;
  if (!source || typeof title !== 'string' || typeof context !== 'string') return undefined;
  // The proto holds citations as a flag: only `{enabled: bool}` says nothing more than that.
  let enabled = false;
  if (citations !== undefined) {
    if (!isRecord(citations) || typeof citations['enabled'] !== 'boolean' || Object.keys(citations).length !== 1) return undefined;
    enabled = citations['enabled'];
  }
  return { document: { source, title, context, citations: enabled } };
}

function toolResultBlock(block: JsonBlock): ContentBlock | undefined {
  const { tool_use_id: toolUseId, content, is_error: isError = false } = block;
  if (typeof toolUseId !== 'string' || typeof isError !== 'boolean') return undefined;
  // A string result is the API's shorthand for one text block, the only form the proto has.
  let inner: ContentBlock[];
  if (content === undefined || content === '') inner = [];
  else if (typeof content === 'string') inner = [{ text: { text: content } }];
  else if (Array.isArray(content) && content.every(isJsonBlock)) inner = content.map(blockToProto);
  else return undefined;
  return { tool_result: { tool_use_id: toolUseId, content: inner, is_error: isError } };
}

export function isJsonBlock(value: unknown): value is JsonBlock {
  return isRecord(value) && typeof value['type'] === 'string' && value['type'] !== '';
}

function sourceToProto(source: unknown): MediaSource | undefined {
  if (!isRecord(source)) return undefined;
  const only = (...fields: string[]): boolean => Object.keys(source).every((k) => k === 'type' || fields.includes(k));
  const { media_type: mediaType, data } = source;
  switch (source['type']) {
    case 'base64': {
      if (!only('media_type', 'data') || typeof mediaType !== 'string' || typeof data !== 'string') return undefined;
      const bytes = Buffer.from(data, 'base64');
      // Buffer.from skips characters that are not base64; such data goes raw so upstream sees it as sent.
      return bytes.toString('base64') === data ? { data: bytes, media_type: mediaType } : undefined;
    }
    case 'text':
      if (!only('media_type', 'data') || typeof data !== 'string' || !(mediaType === undefined || typeof mediaType === 'string')) return undefined;
      return { text: data, media_type: mediaType ?? 'text/plain' };
    case 'url':
      return only('url') && typeof source['url'] === 'string' ? { url: source['url'] } : undefined;
    case 'file':
      return only('file_id') && typeof source['file_id'] === 'string' ? { file_id: source['file_id'] } : undefined;
    default:
      return undefined;
  }
}

/** `{type, ttl?}` as the proto's CacheControl; undefined for anything else. */
export function cacheControlToProto(value: unknown): CacheControl | undefined {
  if (!isRecord(value) || typeof value['type'] !== 'string') return undefined;
  const { ttl } = value;
  if (!Object.keys(value).every((k) => k === 'type' || k === 'ttl') || !(ttl === undefined || typeof ttl === 'string')) return undefined;
  return ttl === undefined ? { type: value['type'] } : { type: value['type'], ttl };
}
