import { decimal, integer, nonEmpty, UsageError } from './argValues';
import type { Command, Values } from './options';

export type CacheFlag = 'default' | 'bypass' | 'refresh';

export type ToolChoiceFlag = { type: 'auto' | 'any' | 'none' } | { type: 'tool'; name: string };

/** What complete, route and count send; files are only named here and read when the request is built. */
export interface RequestOptions {
  task?: string;
  model?: string;
  system?: string;
  maxTokens?: number;
  temperature?: number;
  thinking?: number;
  cache: CacheFlag;
  json: boolean;
  /** The prompt as given; "-" means read stdin. Absent only with --messages. */
  prompt?: string;
  images: string[];
  documents: string[];
  toolsFile?: string;
  toolChoice?: ToolChoiceFlag;
  messagesFile?: string;
  betas: string[];
}

const PLAIN_CHOICES = ['auto', 'any', 'none'] as const;

export function requestOptions(values: Values, rest: readonly string[], command: Command): RequestOptions {
  const messagesFile = values.messages !== undefined ? nonEmpty('--messages', values.messages) : undefined;
  if (rest.length === 0 && messagesFile === undefined) {
    throw new UsageError(`'${command}' needs a prompt (quote it, or pass - to read stdin) or --messages FILE`);
  }
  if (rest.length > 1) throw new UsageError(`'${command}' takes one prompt argument, got ${rest.length}; quote the prompt`);
  if (values['no-cache'] && values.refresh) throw new UsageError('use --no-cache or --refresh, not both');
  const prompt = rest[0];
  return {
    json: values.json === true,
    cache: values['no-cache'] ? 'bypass' : values.refresh ? 'refresh' : 'default',
    images: (values.image ?? []).map((f) => nonEmpty('--image', f)),
    documents: (values.document ?? []).map((f) => nonEmpty('--document', f)),
    betas: (values.beta ?? []).map((b) => nonEmpty('--beta', b)),
    ...(prompt !== undefined ? { prompt } : {}),
    ...(messagesFile !== undefined ? { messagesFile } : {}),
    ...(values.tools !== undefined ? { toolsFile: nonEmpty('--tools', values.tools) } : {}),
    ...(values['tool-choice'] !== undefined ? { toolChoice: toolChoice(values['tool-choice']) } : {}),
    ...(values.task !== undefined ? { task: values.task } : {}),
    ...(values.model !== undefined ? { model: nonEmpty('--model', values.model) } : {}),
    ...(values.system !== undefined ? { system: values.system } : {}),
    ...(values['max-tokens'] !== undefined ? { maxTokens: integer('--max-tokens', values['max-tokens'], 0, 2_147_483_647) } : {}),
    ...(values.temperature !== undefined ? { temperature: decimal('--temperature', values.temperature, 0, 1) } : {}),
    ...(values.thinking !== undefined ? { thinking: integer('--thinking', values.thinking, 0, 2_147_483_647) } : {}),
  };
}

/** `auto`, `any`, `none` or `tool:NAME`; whether NAME is one of the tools is the server's to say. */
export function toolChoice(raw: string): ToolChoiceFlag {
  const plain = PLAIN_CHOICES.find((c) => c === raw);
  if (plain !== undefined) return { type: plain };
  if (raw.startsWith('tool:') && raw.slice('tool:'.length).trim() !== '') return { type: 'tool', name: raw.slice('tool:'.length) };
  throw new UsageError(`--tool-choice must be auto, any, none or tool:NAME, got '${raw}'`);
}
