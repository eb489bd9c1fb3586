import { cacheKeyOf, cacheTtlOf, mediaIn, textCharsOf, type CacheTtl, type MediaCount } from './blocks';
import type { MessagesRequest, RequestBlock } from './request';

/**
 * Rough on purpose: tests need an estimate that is stable and grows with the prompt, not the real tokenizer.
 * Media are flat per item, near what the real API charges for a mid-sized image or a short PDF.
 */
const CHARS_PER_TOKEN = 4;
const TOKENS_PER_IMAGE = 1600;
const TOKENS_PER_DOCUMENT = 2000;

/** One tool definition, system block or message block: the unit a cache breakpoint can follow. */
export interface PromptSegment {
  /** The segment's content and place (tool, system, role, start of a message); never its cache_control. */
  readonly key: string;
  readonly chars: number;
  readonly images: number;
  readonly documents: number;
  /** Set when the segment carries a cache breakpoint. */
  readonly ttl: CacheTtl | undefined;
}

/** The prompt in the order the API reads and caches it: tools, then system, then messages. */
export function promptSegments(request: MessagesRequest): PromptSegment[] {
  const segments: PromptSegment[] = [];
  for (const tool of request.tools ?? []) {
    const json = cacheKeyOf(tool.definition);
    segments.push({ key: `tool:${json}`, chars: json.length, images: 0, documents: 0, ttl: cacheTtlOf(tool.definition) });
  }
  const system = request.systemBlocks ?? (request.systemText === '' ? [] : [textBlock(request.systemText)]);
  for (const block of system) segments.push(blockSegment('system:', block));
  for (const message of request.messages) {
    const blocks = message.blocks ?? [textBlock(message.text)];
    blocks.forEach((block, j) => segments.push(blockSegment(`${message.role}${j === 0 ? '<' : '+'}`, block)));
  }
  return segments;
}

export function tokensFor(chars: number, media: MediaCount): number {
  return Math.ceil(chars / CHARS_PER_TOKEN) + media.images * TOKENS_PER_IMAGE + media.documents * TOKENS_PER_DOCUMENT;
}

/** What count_tokens answers and what a reply reports as its input before any cache split. */
export function estimateInputTokens(request: MessagesRequest): number {
  const segments = promptSegments(request);
  const chars = segments.reduce((sum, s) => sum + s.chars, 0);
  return Math.max(1, tokensFor(chars, countMedia(segments)));
}

export function countMedia(segments: readonly PromptSegment[]): MediaCount {
  const count = { images: 0, documents: 0 };
  for (const s of segments) {
    count.images += s.images;
    count.documents += s.documents;
  }
  return count;
}

function blockSegment(place: string, block: RequestBlock): PromptSegment {
  const { images, documents } = mediaIn(block);
  return { key: place + cacheKeyOf(block), chars: textCharsOf(block), images, documents, ttl: cacheTtlOf(block) };
}

function textBlock(text: string): RequestBlock {
  return { type: 'text', text };
}
