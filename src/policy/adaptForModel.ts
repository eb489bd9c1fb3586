import type { CatalogModel } from '../catalog/catalog';
import type { StreamEvent } from '../domain/events';
import type { ContentBlock, MessageParam, MessagesParams, Tool } from '../domain/messages';
import { effectiveMaxTokens } from './capabilities';
import type { PlannedStep } from './planRoute';
import type { ValidRequest } from './validate/validateRequest';

export const CONTEXT_1M_BETA = 'context-1m-2025-08-07';

/** Each text editor tool type and the name the API requires for it (seed 002). */
const TEXT_EDITOR_NAMES: Readonly<Record<string, string>> = {
  text_editor_20250728: 'str_replace_based_edit_tool',
  text_editor_20250429: 'str_replace_based_edit_tool',
  text_editor_20250124: 'str_replace_editor',
  text_editor_20241022: 'str_replace_editor',
};

/** The request as one model takes it. */
export interface Adapted {
  params: MessagesParams & { max_tokens: number };
  betas: readonly string[];
  /** Each rewrite, in words, for the request log. */
  notes: readonly string[];
  /** Tool names in the model's answer to give back as the caller named them. */
  renames: ReadonlyMap<string, string> | undefined;
}

export interface AdaptSettings {
  defaultMaxTokens: number;
  /** Every model-specific beta of the catalog: one a model does not list is dropped for it. */
  restrictedBetas: ReadonlySet<string>;
}

/**
 * Fits the request to one model of the chain: its max_tokens, the text editor tool of its generation (the tool
 * and the tool_use blocks in the history renamed; the answer's names restored by `restoreToolNames`), the betas it
 * takes, and the 1M-context beta when only its long window holds the input. The caller's request is not changed.
 */
export function adaptForModel(request: ValidRequest, step: PlannedStep, settings: AdaptSettings): Adapted {
  const { model } = step;
  const notes: string[] = [];
  let params: MessagesParams = request.params;
  let renames: Map<string, string> | undefined;
  const editor = request.profile.textEditor;
  if (editor && !model.text_editor.includes(editor.type)) {
    const type = model.text_editor[0] ?? editor.type;
    const name = TEXT_EDITOR_NAMES[type] ?? editor.name;
    params = { ...params, tools: (params.tools ?? []).map((t): Tool => (t.type === editor.type ? { ...t, type, name } : t)) };
    notes.push(`tool ${editor.name} (${editor.type}) sent as ${name} (${type})`);
    if (name !== editor.name) {
      params.messages = renameToolUses(params.messages, editor.name, name);
      renames = new Map([[name, editor.name]]);
    }
  }
  const maxTokens = effectiveMaxTokens(request, model, settings.defaultMaxTokens);
  params = thinkingFor(params, model, maxTokens, notes);
  return {
    params: { ...params, max_tokens: maxTokens },
    betas: betasFor(request.betas, step, settings.restrictedBetas, notes),
    notes,
    renames,
  };
}

/** The API's floor for a thinking budget. */
const MIN_BUDGET = 1024;

/**
 * Thinking in the form the model takes (its catalog capabilities): from the 4.6 generation on there is no
 * budgeted thinking, only adaptive, and older models know only budgets. Sent as asked, one is refused by the API
 * and the other makes the SDK print a deprecation warning; translated, neither happens and the log says so.
 */
function thinkingFor(params: MessagesParams, model: CatalogModel, maxTokens: number, notes: string[]): MessagesParams {
  const thinking = params.thinking;
  if (!thinking) return params;
  const { enabled, adaptive } = model.thinking_types;
  if (thinking.type === 'enabled' && !enabled && adaptive) {
    notes.push(`thinking sent as adaptive: the model has no budgeted thinking (budget ${String(thinking.budget_tokens)} not sent)`);
    const { budget_tokens: _budget, ...rest } = thinking;
    return { ...params, thinking: { ...rest, type: 'adaptive' } };
  }
  if (thinking.type === 'adaptive' && !adaptive && enabled) {
    const budget = Math.max(MIN_BUDGET, Math.floor(maxTokens / 2));
    if (budget >= maxTokens) return params;
    notes.push(`thinking sent as enabled with budget ${budget}: the model has no adaptive thinking`);
    return { ...params, thinking: { ...thinking, type: 'enabled', budget_tokens: budget } };
  }
  return params;
}

function betasFor(asked: readonly string[], step: PlannedStep, restricted: ReadonlySet<string>, notes: string[]): readonly string[] {
  const { model } = step;
  const kept = asked.filter((beta) => {
    const takes = beta === CONTEXT_1M_BETA ? model.context_1m : !restricted.has(beta) || model.betas.includes(beta);
    if (!takes) notes.push(`beta ${beta} dropped: ${model.id} does not take it`);
    return takes;
  });
  if (step.longContext && !kept.includes(CONTEXT_1M_BETA)) {
    notes.push(`beta ${CONTEXT_1M_BETA} added: the input needs ${model.id}'s 1M context window`);
    return [...kept, CONTEXT_1M_BETA];
  }
  return kept.length === asked.length ? asked : kept;
}

function renameToolUses(messages: readonly MessageParam[], from: string, to: string): MessageParam[] {
  return messages.map((message) => {
    if (typeof message.content === 'string' || !message.content.some((b) => isToolUseNamed(b, from))) return message;
    return { ...message, content: message.content.map((b) => (isToolUseNamed(b, from) ? { ...b, name: to } : b)) };
  });
}

function isToolUseNamed(block: ContentBlock, name: string): boolean {
  return block.type === 'tool_use' && block['name'] === name;
}

/** The answer's event with the caller's own tool names (events that name no renamed tool pass unchanged). */
export function restoreToolNames(event: StreamEvent, renames: ReadonlyMap<string, string>): StreamEvent {
  if (event.type === 'message') return { ...event, message: { ...event.message, content: event.message.content.map((b) => restoreBlock(b, renames)) } };
  if (event.type !== 'content_block_start') return event;
  const block = restoreBlock(event.content_block, renames);
  return block === event.content_block ? event : { ...event, content_block: block };
}

function restoreBlock(block: ContentBlock, renames: ReadonlyMap<string, string>): ContentBlock {
  if (block.type !== 'tool_use') return block;
  const original = renames.get(String(block['name']));
  return original === undefined ? block : { ...block, name: original };
}

/** Every beta some model lists as its own (betas are the config's facts, the API has none): for the others it is dropped. */
export function restrictedBetas(config: {
  models: readonly { betas: readonly string[] }[];
  catalog: { overrides: Record<string, { betas?: string[] | undefined }> };
}): Set<string> {
  return new Set([...config.models.flatMap((m) => m.betas), ...Object.values(config.catalog.overrides).flatMap((o) => o.betas ?? [])]);
}
