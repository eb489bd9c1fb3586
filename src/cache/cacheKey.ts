import { hash } from 'node:crypto';
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
 * order, finds the same entry; long strings such as media bytes go in by their hash. It is written in one walk,
 * without copying the request.
 */
export function cacheKey(input: KeyInput, caller: string): string {
  const material = `[${value(input.chain)},${body(input.params, input.maxTokens)},${value([...input.betas].sort())}]`;
  // The one-shot hash: half the time of a Hash object's update and digest for a key's few hundred bytes.
  const digest = hash('sha256', material, 'base64url');
  return `${CACHE_NAMESPACE}:${CACHE_SCHEMA_VERSION}:${encodeURIComponent(caller)}:${digest}`;
}

/** The params object, with max_tokens as sent, and `messages` / `system` in their block form. */
function body(params: MessagesParams, maxTokens: number): string {
  let out = '{';
  for (const key of Object.keys({ ...params, max_tokens: maxTokens }).sort()) {
    let field: string;
    if (key === 'max_tokens') field = String(maxTokens);
    else if (key === 'messages') field = messages(params.messages);
    else if (key === 'system' && typeof params.system === 'string') field = textBlock(params.system);
    else if (params[key] === undefined) continue;
    else field = value(params[key]);
    out += `${out === '{' ? '' : ','}${JSON.stringify(key)}:${field}`;
  }
  return `${out}}`;
}

function messages(list: readonly MessageParam[]): string {
  let out = '[';
  for (let i = 0; i < list.length; i++) {
    const message = list[i] as MessageParam;
    const content = typeof message.content === 'string' ? textBlock(message.content) : value(message.content);
    out += `${i === 0 ? '' : ','}{"content":${content},"role":${JSON.stringify(message.role)}}`;
  }
  return `${out}]`;
}

function textBlock(text: string): string {
  return `[{"text":${value(text)},"type":"text"}]`;
}

function value(v: unknown): string {
  if (typeof v === 'string') {
    return v.length > INLINE_CHARS ? `{"#sha256":"${hash('sha256', v, 'base64url')}"}` : JSON.stringify(v);
  }
  if (Array.isArray(v)) {
    let out = '[';
    for (let i = 0; i < v.length; i++) out += `${i === 0 ? '' : ','}${value(v[i])}`;
    return `${out}]`;
  }
  if (typeof v === 'object' && v !== null) {
    const object = v as Record<string, unknown>;
    const keys = Object.keys(object);
    if (keys.length > 1) keys.sort();
    let out = '{';
    for (const key of keys) {
      if (object[key] !== undefined) out += `${out === '{' ? '' : ','}${JSON.stringify(key)}:${value(object[key])}`;
    }
    return `${out}}`;
  }
  // JSON.stringify gives undefined for undefined and functions, whatever its declared type says.
  const json = JSON.stringify(v) as string | undefined;
  return json === undefined ? 'null' : json;
}
