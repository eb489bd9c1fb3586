import { createHash } from 'node:crypto';
import type { MessagesRequest } from './request';
import { promptSegments, tokensFor } from './tokens';

/** How a reply's input splits between cache writes, cache reads and the rest; only for prompts with breakpoints. */
export interface CacheUsage {
  readonly creationInputTokens: number;
  readonly readInputTokens: number;
  /** creationInputTokens split by the lifetime of the breakpoint that wrote them. */
  readonly ephemeral5mInputTokens: number;
  readonly ephemeral1hInputTokens: number;
}

/** The real API looks for an earlier cache entry at most this many blocks before each breakpoint. */
const LOOKBACK_BLOCKS = 20;

/**
 * The prefixes earlier requests wrote to the prompt cache. Entries never expire and there is no minimum cacheable
 * length: tests use short prompts and expect the second identical request to read what the first one wrote.
 */
export class PromptCache {
  private readonly written = new Set<string>();

  /**
   * Cache usage for `request` as the real API would report it, and records its breakpoints as written.
   * undefined when the request has no cache_control at all.
   */
  observe(request: MessagesRequest): CacheUsage | undefined {
    const segments = promptSegments(request);
    const breakpoints = segments.flatMap((s, i) => (s.ttl === undefined ? [] : [i]));
    if (breakpoints.length === 0) return undefined;

    // Chained, so each hash stands for the whole prefix up to and including that segment; the model is part of
    // the key because caches are not shared between models.
    const hashes: string[] = [];
    const tokensThrough: number[] = [];
    let hash = request.model;
    const totals = { chars: 0, images: 0, documents: 0 };
    for (const segment of segments) {
      hash = createHash('sha256').update(hash).update('\0').update(segment.key).digest('hex');
      hashes.push(hash);
      totals.chars += segment.chars;
      totals.images += segment.images;
      totals.documents += segment.documents;
      tokensThrough.push(tokensFor(totals.chars, totals));
    }
    const at = (i: number): number => (i < 0 ? 0 : (tokensThrough[i] ?? 0));

    let readThrough = -1;
    for (const b of breakpoints) {
      for (let i = b; i >= 0 && i > b - LOOKBACK_BLOCKS; i--) {
        if (this.written.has(hashes[i] ?? '')) {
          readThrough = Math.max(readThrough, i);
          break;
        }
      }
    }

    let from = readThrough;
    let fiveMinutes = 0;
    let oneHour = 0;
    for (const b of breakpoints) {
      if (b <= from) continue;
      const written = at(b) - at(from);
      if (segments[b]?.ttl === '1h') oneHour += written;
      else fiveMinutes += written;
      from = b;
    }
    for (const b of breakpoints) this.written.add(hashes[b] ?? '');
    return {
      creationInputTokens: fiveMinutes + oneHour,
      readInputTokens: at(readThrough),
      ephemeral5mInputTokens: fiveMinutes,
      ephemeral1hInputTokens: oneHour,
    };
  }

  clear(): void {
    this.written.clear();
  }
}
