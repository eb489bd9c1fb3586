import type { CacheControl__Output } from '../../generated/modelrouter/v1/CacheControl';
import type { ContentBlock as ProtoBlock, ContentBlock__Output } from '../../generated/modelrouter/v1/ContentBlock';
import type { MediaSource__Output } from '../../generated/modelrouter/v1/MediaSource';
import { isRecord, stringOf, type JsonObject } from '../../domain/json';
import type { CacheControl, ContentBlock } from '../../domain/messages';
import type { FieldPath } from '../../domain/routerError';
import { fromStruct, toStruct } from './struct';

/**
 * A proto ContentBlock as the Messages API block it stands for; an unset oneof becomes a block without a type. `at`:
 * the block's path in a caller's request (the Messages shape), for the errors of its Structs (see fromStruct).
 */
export function blockToJson(block: ContentBlock__Output, at?: FieldPath): ContentBlock {
  const json = typedBlock(block, at);
  const cacheControl = cacheControlToJson(block.cache_control);
  return cacheControl ? { ...json, cache_control: cacheControl } : json;
}

function typedBlock(block: ContentBlock__Output, at: FieldPath | undefined): ContentBlock {
  switch (block.block) {
    case 'text': {
      const citations = block.text?.citations ?? [];
      const json = citations.map((citation, k) => fromStruct(citation, at && [...at, 'citations', k]));
      return { type: 'text', text: block.text?.text ?? '', ...(json.length > 0 ? { citations: json } : {}) };
    }
    case 'image':
      return { type: 'image', source: mediaSource(block.image?.source) };
    case 'document': {
      const doc = block.document;
      return {
        type: 'document',
        source: mediaSource(doc?.source),
        ...(doc?.title ? { title: doc.title } : {}),
        ...(doc?.context ? { context: doc.context } : {}),
        ...(doc?.citations ? { citations: { enabled: true } } : {}),
      };
    }
    case 'tool_use':
      return {
        type: 'tool_use',
        id: block.tool_use?.id ?? '',
        name: block.tool_use?.name ?? '',
        input: fromStruct(block.tool_use?.input, at && [...at, 'input']),
      };
    case 'tool_result': {
      const result = block.tool_result;
      const content = result?.content ?? [];
      return {
        type: 'tool_result',
        tool_use_id: result?.tool_use_id ?? '',
        ...(content.length > 0 ? { content: content.map((inner, k) => blockToJson(inner, at && [...at, 'content', k])) } : {}),
        ...(result?.is_error ? { is_error: true } : {}),
      };
    }
    case 'thinking':
      return { type: 'thinking', thinking: block.thinking?.thinking ?? '', signature: block.thinking?.signature ?? '' };
    case 'redacted_thinking':
      return { type: 'redacted_thinking', data: block.redacted_thinking?.data ?? '' };
    case 'raw': {
      const raw = fromStruct(block.raw, at);
      return { ...raw, type: typeof raw['type'] === 'string' ? raw['type'] : '' };
    }
    default:
      return { type: '' };
  }
}

function mediaSource(source: MediaSource__Output | null | undefined): JsonObject | undefined {
  if (!source) return undefined;
  switch (source.source) {
    case 'data':
      return { type: 'base64', media_type: source.media_type, data: Buffer.from(source.data ?? []).toString('base64') };
    case 'url':
      return { type: 'url', url: source.url ?? '' };
    case 'file_id':
      return { type: 'file', file_id: source.file_id ?? '' };
    case 'text':
      return { type: 'text', media_type: source.media_type || 'text/plain', data: source.text ?? '' };
    default:
      return { type: '' };
  }
}

export function cacheControlToJson(control: CacheControl__Output | null | undefined): CacheControl | undefined {
  if (!control) return undefined;
  return control.ttl ? { type: control.type, ttl: control.ttl } : { type: control.type };
}

const TYPED_KEYS: Readonly<Record<string, readonly string[]>> = {
  text: ['type', 'text', 'citations'],
  thinking: ['type', 'thinking', 'signature'],
  redacted_thinking: ['type', 'data'],
  tool_use: ['type', 'id', 'name', 'input'],
};

/**
 * An answer's block for the wire: the typed message when it says everything the block holds, else the whole
 * block as `raw`, so a field the proto does not know (or a new block type) still reaches the caller exactly.
 */
export function blockToProto(block: ContentBlock): ProtoBlock {
  const keys = TYPED_KEYS[block.type];
  if (!keys || !Object.keys(block).every((k) => keys.includes(k))) return { raw: toStruct(block) };
  switch (block.type) {
    case 'text': {
      const citations = block['citations'];
      const list = citations === undefined || citations === null ? [] : citations;
      if (!Array.isArray(list) || !list.every(isRecord)) break;
      return { text: { text: stringOf(block['text']), citations: list.map(toStruct) } };
    }
    case 'thinking':
      return { thinking: { thinking: stringOf(block['thinking']), signature: stringOf(block['signature']) } };
    case 'redacted_thinking':
      return { redacted_thinking: { data: stringOf(block['data']) } };
    case 'tool_use':
      if (!isRecord(block['input'])) break;
      return { tool_use: { id: stringOf(block['id']), name: stringOf(block['name']), input: toStruct(block['input']) } };
    default:
      break;
  }
  return { raw: toStruct(block) };
}
