import type { CompleteRequest__Output } from '../generated/modelrouter/v1/CompleteRequest';
import { invalidArgument } from '../errors/routerError';
import type { CacheMode, ChatMessage, CompletionRequest } from './completionRequest';
import type { Policy } from './policy';

/** The API's floor for a thinking budget. */
export const MIN_THINKING_BUDGET = 1024;
const MAX_LABELS = 16;
const MAX_LABEL_KEY = 64;
const MAX_LABEL_VALUE = 256;

const CACHE_MODES: Record<string, CacheMode> = {
  CACHE_MODE_UNSPECIFIED: 'default',
  CACHE_MODE_BYPASS: 'bypass',
  CACHE_MODE_REFRESH: 'refresh',
};

/** Checks everything that does not depend on the model; throws INVALID_ARGUMENT naming the field. */
export function validateRequest(raw: CompleteRequest__Output, policy: Policy): CompletionRequest {
  const task = raw.task || policy.defaultTask;
  if (!policy.has(task)) {
    throw invalidArgument(`unknown task '${raw.task}'; known tasks: ${policy.tasks.join(', ')}`);
  }
  return {
    task,
    model: raw.model || undefined,
    system: raw.system,
    messages: validateMessages(raw.messages),
    maxTokens: validateMaxTokens(raw.max_tokens),
    temperature: validateUnitInterval(raw.temperature, 'temperature'),
    topP: validateUnitInterval(raw.top_p, 'top_p'),
    stopSequences: validateStopSequences(raw.stop_sequences),
    thinkingBudgetTokens: validateThinking(raw),
    cacheMode: validateCacheMode(raw.cache),
    labels: validateLabels(raw.labels),
  };
}

function validateMessages(messages: CompleteRequest__Output['messages']): ChatMessage[] {
  if (messages.length === 0) throw invalidArgument('messages must hold at least one message');
  return messages.map((message, i) => {
    if (message.role !== 'user' && message.role !== 'assistant') {
      throw invalidArgument(`messages[${i}].role must be 'user' or 'assistant' (got '${message.role}')`);
    }
    if (message.content.trim() === '') throw invalidArgument(`messages[${i}].content is empty`);
    return { role: message.role, content: message.content };
  });
}

function validateMaxTokens(maxTokens: number): number {
  if (maxTokens < 0) throw invalidArgument(`max_tokens must be 0 (default) or positive (got ${maxTokens})`);
  return maxTokens;
}

function validateUnitInterval(value: number | undefined, field: string): number | undefined {
  if (value === undefined) return undefined;
  if (!(value >= 0 && value <= 1)) throw invalidArgument(`${field} must be between 0 and 1 (got ${value})`);
  return value;
}

function validateStopSequences(sequences: readonly string[]): string[] {
  sequences.forEach((s, i) => {
    if (s.trim() === '') throw invalidArgument(`stop_sequences[${i}] is empty or only whitespace`);
  });
  return [...sequences];
}

function validateThinking(raw: CompleteRequest__Output): number {
  const budget = raw.thinking_budget_tokens;
  if (budget === 0) return 0;
  if (budget < MIN_THINKING_BUDGET) {
    throw invalidArgument(`thinking_budget_tokens must be 0 (off) or at least ${MIN_THINKING_BUDGET} (got ${budget})`);
  }
  // The API rejects sampling changes with thinking on; say so before spending a call.
  if (raw.temperature !== undefined && raw.temperature !== 1) {
    throw invalidArgument('temperature cannot be set with extended thinking; omit it or use 1');
  }
  if (raw.top_p !== undefined && raw.top_p < 0.95) {
    throw invalidArgument('top_p must be between 0.95 and 1 with extended thinking');
  }
  return budget;
}

function validateCacheMode(mode: string): CacheMode {
  const cacheMode = CACHE_MODES[mode];
  if (!cacheMode) throw invalidArgument(`cache must be one of ${Object.keys(CACHE_MODES).join(', ')} (got ${mode})`);
  return cacheMode;
}

function validateLabels(labels: Record<string, string>): Record<string, string> {
  const entries = Object.entries(labels);
  if (entries.length > MAX_LABELS) throw invalidArgument(`labels: at most ${MAX_LABELS} labels (got ${entries.length})`);
  for (const [key, value] of entries) {
    if (key.length === 0 || key.length > MAX_LABEL_KEY) {
      throw invalidArgument(`labels: keys must be 1 to ${MAX_LABEL_KEY} characters (got '${key.slice(0, 80)}')`);
    }
    if (value.length > MAX_LABEL_VALUE) throw invalidArgument(`labels.${key}: at most ${MAX_LABEL_VALUE} characters`);
  }
  return labels;
}
