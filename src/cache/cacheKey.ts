import { createHash } from 'node:crypto';
import type { CompletionRequest } from '../policy/completionRequest';
import type { RoutePlan } from '../policy/planRoute';

export const CACHE_NAMESPACE = 'mr';
/** Bump when the key's inputs or the stored entry's shape change: old entries then simply miss. */
export const CACHE_SCHEMA_VERSION = 'v1';
/** The caller when no callers are configured (auth off). */
export const ANONYMOUS_CALLER = 'anonymous';

/**
 * mr:v1:<caller>:<sha256 of everything that changes the answer>. The caller prefixes the key so no caller can
 * read another's entries; the hash keeps prompts out of Redis keys. Labels do not change the answer and are left out.
 *
 * The material is a positional array (messages reduced to [role, content]) rather than objects, so the order
 * of keys in any object can never change the key, and no sorting pass is needed on the request path. Fields
 * added later (tools, images) go at the end, and CACHE_SCHEMA_VERSION is bumped.
 */
export function cacheKey(request: CompletionRequest, plan: RoutePlan, maxTokens: number, caller: string): string {
  const material = JSON.stringify([
    [plan.primary.id, ...plan.fallbacks.map((m) => m.id)],
    request.system,
    request.messages.map((m) => [m.role, m.content]),
    maxTokens,
    request.temperature ?? null,
    request.topP ?? null,
    request.stopSequences,
    request.thinkingBudgetTokens,
  ]);
  const digest = createHash('sha256').update(material).digest('base64url');
  return `${CACHE_NAMESPACE}:${CACHE_SCHEMA_VERSION}:${encodeURIComponent(caller)}:${digest}`;
}
