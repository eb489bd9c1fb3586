import { createHash } from 'node:crypto';
import type { CompletionRequest } from '../policy/completionRequest';
import type { RoutePlan } from '../policy/planRoute';
import { canonicalJson } from './canonicalJson';

export const CACHE_NAMESPACE = 'mr';
/** Bump when the key's inputs or the stored entry's shape change: old entries then simply miss. */
export const CACHE_SCHEMA_VERSION = 'v1';
/** Until callers authenticate (issue 7) every caller is this one. */
export const ANONYMOUS_CALLER = 'anonymous';

/**
 * mr:v1:<caller>:<sha256 of everything that changes the answer>. The caller prefixes the key so no caller can
 * read another's entries; the hash keeps prompts out of Redis keys. Labels do not change the answer and are left out.
 */
export function cacheKey(request: CompletionRequest, plan: RoutePlan, maxTokens: number, caller: string): string {
  const material = {
    chain: plan.steps.filter((s) => s.incapable === undefined).map((s) => s.model.id),
    system: request.system,
    messages: request.messages,
    max_tokens: maxTokens,
    temperature: request.temperature,
    top_p: request.topP,
    stop_sequences: request.stopSequences,
    thinking_budget_tokens: request.thinkingBudgetTokens,
  };
  const digest = createHash('sha256').update(canonicalJson(material)).digest('base64url');
  return `${CACHE_NAMESPACE}:${CACHE_SCHEMA_VERSION}:${encodeURIComponent(caller)}:${digest}`;
}
