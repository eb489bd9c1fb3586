import { createHash } from 'node:crypto';
import type { MessageParam, MessagesParams } from '../domain/messages';

export const CACHE_NAMESPACE = 'mr';
/** Bump when the key's inputs or the stored entry's shape change: old entries then simply miss. */
export const CACHE_SCHEMA_VERSION = 'v2';
/** The caller when no callers are configured (auth off). */
export const ANONYMOUS_CALLER = 'anonymous';

/** Strings longer than this (media data, long documents) enter the key material as their own hash. */
const INLINE_CHARS = 4096;

export interface KeyInput {
  /** Model ids that may serve, in order (the capable chain, or the explicit model). */
  chain: readonly string[];
  params: MessagesParams;
  /** max_tokens as sent to the primary. */
  maxTokens: number;
  betas: readonly string[];
}

/**
 * mr:v2:<caller>:<sha256 of everything that changes the answer>. The caller prefixes the key so no caller can read
 * another's entries; the hash keeps prompts out of Redis keys. Routing envelope fields (labels, cache mode) are
 * left out. The material is a canonical JSON of the Messages body: object keys sorted, a string content the same
 * as one text block, betas sorted, so the same request sent over gRPC or HTTP, or with its keys in another
 * order, finds the same entry; long strings such as media bytes go in by their hash.
 */
export function cacheKey(input: KeyInput, caller: string): string {
  const params: MessagesParams = { ...input.params, max_tokens: input.maxTokens, messages: input.params.messages.map(asBlocks) };
  if (typeof params.system === 'string') params.system = [{ type: 'text', text: params.system }];
  const material = canonical([input.chain, params, [...input.betas].sort()]);
  const digest = createHash('sha256').update(material).digest('base64url');
  return `${CACHE_NAMESPACE}:${CACHE_SCHEMA_VERSION}:${encodeURIComponent(caller)}:${digest}`;
}

function asBlocks(message: MessageParam): MessageParam {
  return typeof message.content === 'string' ? { role: message.role, content: [{ type: 'text', text: message.content }] } : message;
}

function canonical(value: unknown): string {
  if (typeof value === 'string') {
    return value.length > INLINE_CHARS ? `{"#sha256":"${createHash('sha256').update(value).digest('base64url')}"}` : JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const object = value as Record<string, unknown>;
    const fields: string[] = [];
    for (const key of Object.keys(object).sort()) {
      if (object[key] !== undefined) fields.push(`${JSON.stringify(key)}:${canonical(object[key])}`);
    }
    return `{${fields.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
