import { isRecord } from '../../domain/json';
import type { MessagesParams } from '../../domain/messages';
import type { RouterRequest } from '../../domain/request';
import { echo, invalidField, invalidRequest } from '../../domain/routerError';
import type { Inference, TaskInferrer } from '../inference/taskInference';
import type { Policy } from '../policy';
import { validateBlock, type BlockLimits } from './blocks';
import { emptyProfile, type RequestProfile } from './profile';
import { validateToolChoice, validateTools } from './tools';
import { extend } from '../../util/extend';

/** The API's floor for a thinking budget. */
export const MIN_THINKING_BUDGET = 1024;
const MAX_LABELS = 16;
const MAX_LABEL_KEY = 64;
const MAX_LABEL_VALUE = 256;
const MAX_USER_ID = 256;
/** Longest task name and model id or alias a caller may send: longer ones are refused before anything else. */
export const MAX_TASK_CHARS = 128;
export const MAX_MODEL_CHARS = 256;
const MAX_STOP_SEQUENCE_CHARS = 1_000;

/** The request-wide limits of the config (`limits.*`). */
export interface RequestLimits extends BlockLimits {
  maxMessages: number;
  maxStopSequences: number;
  maxTools: number;
}

/** A request that passed validation: the task resolved, and what routing needs to know about its content. */
export interface ValidRequest extends RouterRequest {
  task: string;
  /** How the task was chosen when the caller named none (undefined: named, or inference is off). */
  inference: Inference | undefined;
  profile: RequestProfile;
}

/** The task a caller sends to ask for inference, as an empty one does. */
export const AUTO_TASK = 'auto';

/**
 * Everything that does not depend on the model, before any upstream call: INVALID_ARGUMENT naming the field.
 * Model-dependent limits (max output, context window, capabilities) are the planner's.
 */
export function validateRequest(request: RouterRequest, policy: Policy, limits: RequestLimits, inferrer?: TaskInferrer): ValidRequest {
  const { routing, params } = request;
  validateSizes(request, limits);
  const named = routing.task !== undefined && routing.task !== '' && routing.task !== AUTO_TASK ? routing.task : undefined;
  if (named !== undefined && !policy.has(named)) throw invalidRequest(`unknown task ${echo(named)}; known tasks: ${AUTO_TASK}, ${policy.tasks.join(', ')}`);
  validateLabels(routing.labels);
  request.betas.forEach((beta, i) => {
    if (!/^[a-z0-9-]{1,100}$/.test(beta)) throw invalidField(['betas', i], `${echo(beta)} is not an anthropic-beta value`);
  });
  validateSampling(params);
  const profile = emptyProfile();
  validateSystem(params, profile, limits);
  validateMessages(params, profile, limits);
  validateToolChoice(params.tool_choice, validateTools(params.tools, profile));
  profile.thinking = validateThinking(params);
  // Classified last: only a valid request is worth reading; an explicit model needs no task.
  const explicitModel = routing.model !== undefined && routing.model !== '';
  const inference = named === undefined && !explicitModel ? inferrer?.infer(params) : undefined;
  return extend(request, { task: named ?? inference?.task ?? policy.defaultTask, inference, profile });
}

/** The caller's strings and lists, bounded first: nothing below walks or echoes an unbounded input. */
function validateSizes({ routing, params }: RouterRequest, limits: RequestLimits): void {
  if (routing.task !== undefined && routing.task.length > MAX_TASK_CHARS) {
    throw invalidField(['task'], `must be at most ${MAX_TASK_CHARS} characters (got ${routing.task.length})`);
  }
  if (routing.model !== undefined && routing.model.length > MAX_MODEL_CHARS) {
    throw invalidField(['model'], `must be at most ${MAX_MODEL_CHARS} characters (got ${routing.model.length})`);
  }
  const count = (value: unknown): number => (Array.isArray(value) ? value.length : 0);
  if (count(params.messages) > limits.maxMessages) {
    throw invalidField(['messages'], `at most ${limits.maxMessages} messages (limits.max_messages; got ${count(params.messages)})`);
  }
  if (count(params.tools) > limits.maxTools) throw invalidField(['tools'], `at most ${limits.maxTools} tools (limits.max_tools; got ${count(params.tools)})`);
  const stops = params.stop_sequences;
  if (count(stops) > limits.maxStopSequences) {
    throw invalidField(['stop_sequences'], `at most ${limits.maxStopSequences} stop sequences (limits.max_stop_sequences; got ${count(stops)})`);
  }
  stops?.forEach((stop, i) => {
    if (typeof stop === 'string' && stop.length > MAX_STOP_SEQUENCE_CHARS) {
      throw invalidField(['stop_sequences', i], `must be at most ${MAX_STOP_SEQUENCE_CHARS} characters (got ${stop.length})`);
    }
  });
}

function validateMessages(params: MessagesParams, profile: RequestProfile, limits: BlockLimits): void {
  const { messages } = params;
  if (!Array.isArray(messages) || messages.length === 0) throw invalidField(['messages'], 'must hold at least one message');
  messages.forEach((message, i) => {
    if (!isRecord(message)) throw invalidField(['messages', i], 'must be a message object');
    if (message.role !== 'user' && message.role !== 'assistant') {
      throw invalidField(['messages', i, 'role'], `must be 'user' or 'assistant' (got ${echo(String(message.role))})`);
    }
    const content = message.content as unknown;
    if (typeof content === 'string') {
      if (content.trim() === '') throw invalidField(['messages', i, 'content'], 'is empty');
      profile.textChars += content.length;
      return;
    }
    if (!Array.isArray(content) || content.length === 0) throw invalidField(['messages', i, 'content'], 'is empty');
    content.forEach((block, j) => validateBlock(block, ['messages', i, 'content', j], 'message', profile, limits));
  });
}

function validateSystem(params: MessagesParams, profile: RequestProfile, limits: BlockLimits): void {
  const { system } = params;
  if (system === undefined || typeof system === 'string') {
    profile.textChars += system?.length ?? 0;
    return;
  }
  if (!Array.isArray(system)) throw invalidField(['system'], 'must be text or a list of text blocks');
  system.forEach((block, i) => validateBlock(block, ['system', i], 'system', profile, limits));
}

function validateSampling(params: MessagesParams): void {
  const maxTokens = params.max_tokens;
  if (maxTokens !== undefined && !(Number.isInteger(maxTokens) && maxTokens >= 1)) {
    throw invalidField(['max_tokens'], `must be a positive whole number (got ${maxTokens})`);
  }
  for (const field of ['temperature', 'top_p'] as const) {
    const value = params[field];
    if (value !== undefined && !(typeof value === 'number' && value >= 0 && value <= 1)) {
      throw invalidField([field], `must be between 0 and 1 (got ${value})`);
    }
  }
  const topK = params.top_k;
  if (topK !== undefined && !(Number.isInteger(topK) && topK >= 0)) throw invalidField(['top_k'], `must be a whole number of at least 0 (got ${topK})`);
  params.stop_sequences?.forEach((s, i) => {
    if (typeof s !== 'string' || s.trim() === '') throw invalidField(['stop_sequences', i], 'is empty or only whitespace');
  });
  const userId = params.metadata?.['user_id'];
  if (userId !== undefined && (typeof userId !== 'string' || userId.length > MAX_USER_ID)) {
    throw invalidField(['metadata', 'user_id'], `must be a string of at most ${MAX_USER_ID} characters`);
  }
}

/** Whether thinking is on; the API's rules for it, said before spending a call. */
function validateThinking(params: MessagesParams): boolean {
  const thinking = params.thinking;
  if (thinking === undefined) return false;
  if (!isRecord(thinking) || typeof thinking.type !== 'string') throw invalidField(['thinking', 'type'], 'is required');
  if (thinking.type === 'disabled') return false;
  if (thinking.type === 'enabled') {
    const budget = thinking.budget_tokens;
    if (!(Number.isInteger(budget) && (budget ?? 0) >= MIN_THINKING_BUDGET)) {
      throw invalidField(['thinking', 'budget_tokens'], `must be at least ${MIN_THINKING_BUDGET} (got ${budget})`);
    }
  }
  if (params.temperature !== undefined && params.temperature !== 1) {
    throw invalidField(['temperature'], 'cannot be set with extended thinking; omit it or use 1');
  }
  if (params.top_p !== undefined && params.top_p < 0.95) throw invalidField(['top_p'], 'must be between 0.95 and 1 with extended thinking');
  if (params.top_k !== undefined) throw invalidField(['top_k'], 'cannot be set with extended thinking');
  return true;
}

function validateLabels(labels: Readonly<Record<string, string>>): void {
  const entries = Object.entries(labels);
  if (entries.length > MAX_LABELS) throw invalidField(['labels'], `at most ${MAX_LABELS} labels (got ${entries.length})`);
  for (const [key, value] of entries) {
    if (key.length === 0 || key.length > MAX_LABEL_KEY) throw invalidField(['labels'], `keys must be 1 to ${MAX_LABEL_KEY} characters (got ${echo(key)})`);
    if (value.length > MAX_LABEL_VALUE) throw invalidField(['labels', key], `at most ${MAX_LABEL_VALUE} characters`);
  }
}
