import type { CompleteRequest } from '../generated/modelrouter/v1/CompleteRequest';
import { readAll, type CliIo } from './io';
import { UsageError, type RequestOptions } from './parseArgs';

const CACHE_MODES = { default: 'CACHE_MODE_UNSPECIFIED', bypass: 'CACHE_MODE_BYPASS', refresh: 'CACHE_MODE_REFRESH' } as const;

/** The prompt text: the argument, or all of stdin when the argument is "-". */
export async function resolvePrompt(prompt: string, io: CliIo): Promise<string> {
  const text = prompt === '-' ? await readAll(io.stdin ?? process.stdin) : prompt;
  if (text.trim() === '') throw new UsageError(prompt === '-' ? 'the prompt read from stdin is empty' : 'the prompt is empty');
  return prompt === '-' ? text.replace(/\r?\n$/, '') : text;
}

/** The CompleteRequest that complete and route send. */
export function buildRequest(options: RequestOptions, prompt: string): CompleteRequest {
  return {
    messages: [{ role: 'user', content: prompt }],
    cache: CACHE_MODES[options.cache],
    ...(options.task !== undefined ? { task: options.task } : {}),
    ...(options.model !== undefined ? { model: options.model } : {}),
    ...(options.system !== undefined ? { system: options.system } : {}),
    ...(options.maxTokens !== undefined ? { max_tokens: options.maxTokens } : {}),
    ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
    ...(options.thinking !== undefined ? { thinking_budget_tokens: options.thinking } : {}),
  };
}
