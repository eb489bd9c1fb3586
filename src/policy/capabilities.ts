import type { CatalogModel } from '../catalog/catalog';
import type { ValidRequest } from './validate/validateRequest';

import { LONG_CONTEXT_WINDOW } from '../catalog/model';

export interface CapabilitySettings {
  defaultMaxTokens: number;
  /** routing.long_context: an input over a model's window may use its 1M window (with the beta). */
  longContext: boolean;
}

export interface Assessment {
  /** Why this model cannot serve the request, or undefined if it can. */
  incapable: string | undefined;
  /** It can, but only with its 1M-token window. */
  longContext: boolean;
}

function thinkingBudget(request: ValidRequest): number {
  const budget = request.params.thinking?.budget_tokens;
  return request.params.thinking?.type === 'enabled' && typeof budget === 'number' ? budget : 0;
}

/** max_tokens this request sends to this model: the configured default when unset, capped at the model's max. */
export function effectiveMaxTokens(request: ValidRequest, model: CatalogModel, defaultMaxTokens: number): number {
  const asked = request.params.max_tokens;
  if (asked !== undefined) return asked;
  // Thinking tokens count against max_tokens, so the default leaves the default's worth of room for the answer.
  const budget = thinkingBudget(request);
  return Math.min(budget > 0 ? budget + defaultMaxTokens : defaultMaxTokens, model.max_output_tokens);
}

/** Whether this model can serve this request: capabilities, limits, context window. */
export function assess(model: CatalogModel, request: ValidRequest, inputTokens: number, settings: CapabilitySettings): Assessment {
  const incapable = (reason: string): Assessment => ({ incapable: reason, longContext: false });
  const { profile, params } = request;
  if (profile.thinking && !model.extended_thinking) {
    const budget = thinkingBudget(request);
    return incapable(`${model.id} does not support extended thinking${budget > 0 ? ` (thinking budget ${budget})` : ''}`);
  }
  if (profile.images > 0 && !model.vision) return incapable(`${model.id} does not take images (vision; the request has ${profile.images})`);
  if (profile.pdfs > 0 && !model.pdf_input) return incapable(`${model.id} does not read PDF documents (the request has ${profile.pdfs})`);
  if (profile.textEditor && model.text_editor.length === 0) {
    return incapable(`${model.id} has no text editor tool (the request uses ${profile.textEditor.type})`);
  }
  if (params.max_tokens !== undefined && params.max_tokens > model.max_output_tokens) {
    return incapable(`max_tokens ${params.max_tokens} exceeds ${model.id}'s max output of ${model.max_output_tokens} tokens`);
  }
  const budget = thinkingBudget(request);
  const maxTokens = effectiveMaxTokens(request, model, settings.defaultMaxTokens);
  if (budget > 0 && budget >= maxTokens) {
    return incapable(`thinking budget ${budget} must be less than max_tokens ${maxTokens} on ${model.id}`);
  }
  if (model.forbids_temperature_with_top_p && params.temperature !== undefined && params.top_p !== undefined) {
    return incapable(`${model.id} accepts temperature or top_p, not both`);
  }
  if (inputTokens <= model.context_window) return { incapable: undefined, longContext: false };
  if (model.context_1m && settings.longContext && inputTokens <= LONG_CONTEXT_WINDOW) return { incapable: undefined, longContext: true };
  return incapable(`the input (about ${inputTokens} tokens) exceeds ${model.id}'s context window of ${model.context_window} tokens`);
}
