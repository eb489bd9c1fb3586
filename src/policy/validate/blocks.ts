import { isRecord, type JsonObject } from '../../domain/json';
import { invalidField, type FieldPath } from '../../domain/routerError';
import type { RequestProfile } from './profile';

export const IMAGE_MEDIA_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'] as const;

export interface BlockLimits {
  maxImages: number;
  maxImageBytes: number;
}

type Where = 'message' | 'system' | 'tool_result';

/** Checks one content block (and the blocks inside a tool_result), adding what it finds to the profile. */
export function validateBlock(block: unknown, path: FieldPath, where: Where, profile: RequestProfile, limits: BlockLimits): void {
  if (!isRecord(block) || typeof block['type'] !== 'string' || block['type'] === '') {
    throw invalidField(path, 'empty block: a block needs a type (text, image, document, tool_use, tool_result, thinking, ...)');
  }
  const type = block['type'];
  if (where === 'system' && type !== 'text') throw invalidField(path, `system blocks must be text blocks (got '${type.slice(0, 40)}')`);
  switch (type) {
    case 'text':
      profile.textChars += requireString(block, 'text', path).length;
      break;
    case 'image':
      validateImage(block, path, profile, limits);
      break;
    case 'document':
      validateDocument(block, path, profile);
      break;
    case 'tool_use':
      requireString(block, 'id', path);
      requireString(block, 'name', path);
      if (!isRecord(block['input'])) throw invalidField([...path, 'input'], 'must be a JSON object');
      profile.textChars += JSON.stringify(block['input']).length;
      break;
    case 'tool_result':
      validateToolResult(block, path, profile, limits);
      break;
    case 'thinking':
      profile.textChars += requireString(block, 'thinking', path, true).length;
      requireString(block, 'signature', path, true);
      break;
    case 'redacted_thinking':
      requireString(block, 'data', path);
      break;
    default:
      // Another Anthropic block type: passed through as it is; upstream judges it.
      profile.textChars += JSON.stringify(block).length;
  }
  if (block['cache_control'] !== undefined) validateCacheControl(block['cache_control'], [...path, 'cache_control']);
}

export function validateCacheControl(value: unknown, path: FieldPath): void {
  if (!isRecord(value) || value['type'] !== 'ephemeral') throw invalidField([...path, 'type'], "must be 'ephemeral'");
  const ttl = value['ttl'];
  if (ttl !== undefined && ttl !== '' && ttl !== '5m' && ttl !== '1h') throw invalidField([...path, 'ttl'], "must be '5m' or '1h'");
}

function requireString(block: JsonObject, key: string, path: FieldPath, allowEmpty = false): string {
  const value = block[key];
  if (typeof value !== 'string' || (!allowEmpty && value === '')) throw invalidField([...path, key], 'is required');
  return value;
}

function validateImage(block: JsonObject, path: FieldPath, profile: RequestProfile, limits: BlockLimits): void {
  profile.images += 1;
  if (profile.images > limits.maxImages) throw invalidField(path, `at most ${limits.maxImages} images per request`);
  const source = sourceOf(block, path);
  const at = [...path, 'source'];
  switch (source['type']) {
    case 'base64': {
      const mediaType = source['media_type'];
      if (!IMAGE_MEDIA_TYPES.includes(mediaType as (typeof IMAGE_MEDIA_TYPES)[number])) {
        throw invalidField([...at, 'media_type'], `must be one of ${IMAGE_MEDIA_TYPES.join(', ')}`);
      }
      const bytes = base64Bytes(requireString(source, 'data', at));
      if (bytes > limits.maxImageBytes) throw invalidField([...at, 'data'], `image of ${bytes} bytes is over the ${limits.maxImageBytes}-byte limit`);
      return;
    }
    case 'url':
      requireString(source, 'url', at);
      return;
    case 'file':
      requireString(source, 'file_id', at);
      return;
    default:
      throw invalidField(at, 'an image needs data, a url or a file_id');
  }
}

function validateDocument(block: JsonObject, path: FieldPath, profile: RequestProfile): void {
  const source = sourceOf(block, path);
  const at = [...path, 'source'];
  switch (source['type']) {
    case 'base64':
      if (source['media_type'] !== 'application/pdf') throw invalidField([...at, 'media_type'], 'must be application/pdf for document data (or send text)');
      profile.pdfs += 1;
      profile.pdfBytes += base64Bytes(requireString(source, 'data', at));
      return;
    case 'text':
      if (source['media_type'] !== undefined && source['media_type'] !== 'text/plain')
        throw invalidField([...at, 'media_type'], 'must be text/plain for a text document');
      profile.textChars += requireString(source, 'data', at).length;
      return;
    case 'url':
      requireString(source, 'url', at);
      profile.pdfs += 1;
      return;
    case 'file':
      requireString(source, 'file_id', at);
      profile.pdfs += 1;
      return;
    case 'content':
      profile.textChars += JSON.stringify(source).length;
      return;
    default:
      throw invalidField(at, 'a document needs data, text, a url or a file_id');
  }
}

function validateToolResult(block: JsonObject, path: FieldPath, profile: RequestProfile, limits: BlockLimits): void {
  requireString(block, 'tool_use_id', path);
  const content = block['content'];
  if (content === undefined || typeof content === 'string') {
    profile.textChars += content?.length ?? 0;
    return;
  }
  if (!Array.isArray(content)) throw invalidField([...path, 'content'], 'must be text or a list of blocks');
  content.forEach((inner, k) => validateBlock(inner, [...path, 'content', k], 'tool_result', profile, limits));
}

function sourceOf(block: JsonObject, path: FieldPath): JsonObject {
  const source = block['source'];
  if (!isRecord(source)) throw invalidField([...path, 'source'], 'is required');
  return source;
}

/** Decoded size of base64 data, without decoding it. */
function base64Bytes(data: string): number {
  const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
  return Math.floor((data.length * 3) / 4) - padding;
}
