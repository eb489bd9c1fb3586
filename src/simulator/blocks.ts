/** Reading request content blocks of any type: validation, text, media and cache breakpoints. */

const IMAGE_MEDIA_TYPES: readonly string[] = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'];

export type CacheTtl = '5m' | '1h';

export interface MediaCount {
  images: number;
  documents: number;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Content may be a plain string or an array of blocks; only `{type:'text'}` blocks carry text. */
export function textOfContent(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  const parts: string[] = [];
  for (const block of content) {
    if (isRecord(block) && block['type'] === 'text' && typeof block['text'] === 'string') parts.push(block['text']);
  }
  return parts.join('\n');
}

/**
 * The error the real API gives for `content` (a string or block list at `path`), or undefined when it would take
 * it. Only what the API clearly rejects is checked: a stricter fake would fail requests the real one serves.
 */
export function validateBlocks(content: unknown, path: string): string | undefined {
  if (!Array.isArray(content)) return undefined;
  for (const [i, block] of content.entries()) {
    const at = `${path}.${i}`;
    if (!isRecord(block)) return `${at}: Input should be a valid dictionary or object to extract fields from`;
    if (block['type'] === undefined) return `${at}.type: Field required`;
    if (typeof block['type'] !== 'string') return `${at}.type: Input should be a valid string`;
    if (block['type'] === 'tool_result') {
      if (typeof block['tool_use_id'] !== 'string') return `${at}.tool_use_id: Field required`;
      const nested = validateBlocks(block['content'], `${at}.content`);
      if (nested !== undefined) return nested;
    }
    if (block['type'] === 'image') {
      const source = block['source'];
      if (isRecord(source) && source['type'] === 'base64' && !IMAGE_MEDIA_TYPES.includes(String(source['media_type']))) {
        return `${at}.source.media_type: Input should be 'image/jpeg', 'image/png', 'image/gif' or 'image/webp'`;
      }
    }
  }
  return undefined;
}

/** Images and documents in a block, those a tool returned inside its tool_result included. */
export function mediaIn(block: Readonly<Record<string, unknown>>): MediaCount {
  if (block['type'] === 'image') return { images: 1, documents: 0 };
  if (block['type'] === 'document') return { images: 0, documents: 1 };
  const count = { images: 0, documents: 0 };
  const nested = block['type'] === 'tool_result' ? block['content'] : undefined;
  if (Array.isArray(nested)) {
    for (const inner of nested) {
      if (!isRecord(inner)) continue;
      const { images, documents } = mediaIn(inner);
      count.images += images;
      count.documents += documents;
    }
  }
  return count;
}

/** Characters of a block that the model reads as text; media are priced separately, per item. */
export function textCharsOf(block: Readonly<Record<string, unknown>>): number {
  const type = block['type'];
  const str = (key: string): string => (typeof block[key] === 'string' ? block[key] : '');
  if (type === 'text') return str('text').length;
  if (type === 'thinking') return str('thinking').length;
  if (type === 'tool_result') return textOfContent(block['content']).length;
  if (type === 'search_result') return str('title').length + textOfContent(block['content']).length;
  if (typeof type === 'string' && type.endsWith('tool_use')) {
    return str('name').length + (JSON.stringify(block['input'] ?? {}) ?? '').length;
  }
  return 0;
}

/** The lifetime a block's cache_control asks for, or undefined when the block is no breakpoint. */
export function cacheTtlOf(block: Readonly<Record<string, unknown>>): CacheTtl | undefined {
  const own = ttlOf(block['cache_control']);
  if (own !== undefined) return own;
  // A breakpoint on a block a tool returned still ends the cached prefix at this tool_result.
  const nested = block['type'] === 'tool_result' ? block['content'] : undefined;
  if (!Array.isArray(nested)) return undefined;
  let found: CacheTtl | undefined;
  for (const inner of nested) if (isRecord(inner)) found = ttlOf(inner['cache_control']) ?? found;
  return found;
}

/** JSON of a block without its cache_control, so moving a breakpoint does not change what the prefix is. */
export function cacheKeyOf(value: unknown): string {
  return JSON.stringify(value, (key, v: unknown) => (key === 'cache_control' ? undefined : v)) ?? '';
}

function ttlOf(cacheControl: unknown): CacheTtl | undefined {
  if (!isRecord(cacheControl) || cacheControl['type'] !== 'ephemeral') return undefined;
  return cacheControl['ttl'] === '1h' ? '1h' : '5m';
}
