import type { CompleteRequest } from '../generated/modelrouter/v1/CompleteRequest';
import type { ContentBlock } from '../generated/modelrouter/v1/ContentBlock';
import type { Message } from '../generated/modelrouter/v1/Message';
import { UsageError } from './argValues';
import { documentBlock, imageBlock } from './attachments';
import { readAll, type CliIo } from './io';
import { readMessages, readTools } from './jsonInputs';
import type { RequestOptions } from './requestOptions';

const CACHE_MODES = { default: 'CACHE_MODE_UNSPECIFIED', bypass: 'CACHE_MODE_BYPASS', refresh: 'CACHE_MODE_REFRESH' } as const;

/** The prompt text: the argument, or all of stdin when the argument is "-". */
export async function resolvePrompt(prompt: string, io: CliIo): Promise<string> {
  const text = prompt === '-' ? await readAll(io.stdin ?? process.stdin) : prompt;
  if (text.trim() === '') throw new UsageError(prompt === '-' ? 'the prompt read from stdin is empty' : 'the prompt is empty');
  return prompt === '-' ? text.replace(/\r?\n$/, '') : text;
}

/**
 * The CompleteRequest that complete, route and count send. Every file is read before stdin and before any
 * connection, so a bad file is reported at once and costs no call.
 */
export async function buildRequest(options: RequestOptions, io: CliIo): Promise<CompleteRequest> {
  const history = options.messagesFile !== undefined ? await readMessages(options.messagesFile) : [];
  const attachments: ContentBlock[] = [];
  for (const file of options.images) attachments.push(await imageBlock(file));
  for (const file of options.documents) attachments.push(await documentBlock(file));
  const tools = options.toolsFile !== undefined ? await readTools(options.toolsFile) : [];
  const prompt = options.prompt !== undefined ? await resolvePrompt(options.prompt, io) : undefined;
  return {
    messages: conversation(history, attachments, prompt),
    cache: CACHE_MODES[options.cache],
    ...(tools.length > 0 ? { tools } : {}),
    ...(options.toolChoice !== undefined ? { tool_choice: options.toolChoice } : {}),
    ...(options.betas.length > 0 ? { betas: options.betas } : {}),
    ...(options.task !== undefined ? { task: options.task } : {}),
    ...(options.model !== undefined ? { model: options.model } : {}),
    ...(options.system !== undefined ? { system: options.system } : {}),
    ...(options.maxTokens !== undefined ? { max_tokens: options.maxTokens } : {}),
    ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
    ...(options.thinking !== undefined ? { thinking_budget_tokens: options.thinking } : {}),
  };
}

/**
 * The history, then the prompt as the final user turn with the attachments before its text (the order Anthropic
 * recommends). Without a prompt the attachments join the history's last turn when it is the user's, after its
 * blocks (tool_result blocks must come first), or else make a user turn of their own.
 */
function conversation(history: Message[], attachments: ContentBlock[], prompt: string | undefined): Message[] {
  if (prompt !== undefined) {
    const turn: Message = attachments.length > 0 ? { role: 'user', blocks: [...attachments, { text: { text: prompt } }] } : { role: 'user', content: prompt };
    return [...history, turn];
  }
  if (attachments.length === 0) return history;
  const last = history[history.length - 1];
  if (last === undefined || last.role !== 'user') return [...history, { role: 'user', blocks: attachments }];
  const blocks = last.blocks ?? (last.content ? [{ text: { text: last.content } }] : []);
  return [...history.slice(0, -1), { role: 'user', blocks: [...blocks, ...attachments] }];
}
