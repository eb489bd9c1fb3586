import type { CatalogModel } from '../catalog/catalog';
import type { CompletionRequest } from './completionRequest';

/** max_tokens this request would send to this model: the configured default when 0, capped at the model's max. */
export function effectiveMaxTokens(request: CompletionRequest, model: CatalogModel, defaultMaxTokens: number): number {
  if (request.maxTokens > 0) return request.maxTokens;
  // Thinking tokens count against max_tokens, so the default leaves the default's worth of room for the answer.
  const wanted = request.thinkingBudgetTokens > 0 ? request.thinkingBudgetTokens + defaultMaxTokens : defaultMaxTokens;
  return Math.min(wanted, model.max_output_tokens);
}

/** Why this model cannot serve this request, or undefined if it can. */
export function whyIncapable(
  model: CatalogModel,
  request: CompletionRequest,
  estimatedInputTokens: number,
  defaultMaxTokens: number,
): string | undefined {
  if (request.thinkingBudgetTokens > 0 && !model.extended_thinking) {
    return `${model.id} does not support extended thinking (thinking_budget_tokens ${request.thinkingBudgetTokens})`;
  }
  if (request.maxTokens > model.max_output_tokens) {
    return `max_tokens ${request.maxTokens} exceeds ${model.id}'s max output of ${model.max_output_tokens} tokens`;
  }
  const maxTokens = effectiveMaxTokens(request, model, defaultMaxTokens);
  if (request.thinkingBudgetTokens > 0 && request.thinkingBudgetTokens >= maxTokens) {
    return `thinking_budget_tokens ${request.thinkingBudgetTokens} must be less than max_tokens ${maxTokens} on ${model.id}`;
  }
  if (estimatedInputTokens > model.context_window) {
    return `the input (about ${estimatedInputTokens} tokens) exceeds ${model.id}'s context window of ${model.context_window} tokens`;
  }
  if (model.forbids_temperature_with_top_p && request.temperature !== undefined && request.topP !== undefined) {
    return `${model.id} accepts temperature or top_p, not both`;
  }
  return undefined;
}
