import { parseArgs as nodeParseArgs } from 'node:util';

/** Bad command line: the CLI prints the message and the usage, and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const COMMANDS = ['complete', 'route', 'models', 'model'] as const;
export type Command = (typeof COMMANDS)[number];

/** Every option of every command; each command accepts the subset listed in COMMAND_OPTIONS. */
const OPTIONS = {
  addr: { type: 'string' },
  'deadline-ms': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  json: { type: 'boolean' },
  task: { type: 'string' },
  model: { type: 'string' },
  system: { type: 'string' },
  'max-tokens': { type: 'string' },
  temperature: { type: 'string' },
  thinking: { type: 'string' },
  'no-cache': { type: 'boolean' },
  refresh: { type: 'boolean' },
  stream: { type: 'boolean' },
  limit: { type: 'string' },
  after: { type: 'string' },
  before: { type: 'string' },
} as const;

type OptionName = keyof typeof OPTIONS;

const COMMON: readonly OptionName[] = ['addr', 'deadline-ms', 'help'];
const REQUEST: readonly OptionName[] = ['task', 'model', 'system', 'max-tokens', 'temperature', 'thinking', 'no-cache', 'refresh', 'json'];
const COMMAND_OPTIONS: Record<Command, readonly OptionName[]> = {
  complete: [...COMMON, ...REQUEST, 'stream'],
  route: [...COMMON, ...REQUEST],
  models: [...COMMON, 'limit', 'after', 'before', 'json'],
  model: [...COMMON],
};

export const DEFAULT_DEADLINE_MS = 60_000;
export const DEFAULT_PORT = 50051;

export interface CommonOptions {
  addr: string;
  deadlineMs: number;
}

export type CacheFlag = 'default' | 'bypass' | 'refresh';

export interface RequestOptions {
  task?: string;
  model?: string;
  system?: string;
  maxTokens?: number;
  temperature?: number;
  thinking?: number;
  cache: CacheFlag;
  json: boolean;
  /** The prompt as given; "-" means read stdin. */
  prompt: string;
}

export type ParsedCli =
  | { kind: 'help' }
  | ({ kind: 'complete'; stream: boolean } & CommonOptions & RequestOptions)
  | ({ kind: 'route' } & CommonOptions & RequestOptions)
  | ({ kind: 'models'; limit?: number; after?: string; before?: string; json: boolean } & CommonOptions)
  | ({ kind: 'model'; id: string } & CommonOptions);

type Values = { [K in OptionName]?: (typeof OPTIONS)[K]['type'] extends 'boolean' ? boolean : string };

function isCommand(word: string): word is Command {
  return (COMMANDS as readonly string[]).includes(word);
}

/** Parses argv (without node and script). Throws UsageError for anything the CLI cannot run. */
export function parseCli(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): ParsedCli {
  let values: Values;
  let positionals: string[];
  try {
    ({ values, positionals } = nodeParseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: true }));
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  if (values.help) return { kind: 'help' };

  const [word, ...rest] = positionals;
  if (word === undefined) throw new UsageError('missing command');
  if (word === 'help') return { kind: 'help' };
  if (!isCommand(word)) throw new UsageError(`unknown command '${word}'; commands: ${COMMANDS.join(', ')}`);

  const allowed = COMMAND_OPTIONS[word];
  for (const name of Object.keys(values) as OptionName[]) {
    if (!allowed.includes(name)) throw new UsageError(`option '--${name}' does not apply to '${word}'`);
  }

  const common = commonOptions(values, env);
  switch (word) {
    case 'complete':
      return { kind: 'complete', stream: values.stream === true, ...common, ...requestOptions(values, rest, word) };
    case 'route':
      return { kind: 'route', ...common, ...requestOptions(values, rest, word) };
    case 'models': {
      noPositionals(rest, word);
      if (values.after !== undefined && values.before !== undefined) throw new UsageError('use --after or --before, not both');
      return {
        kind: 'models',
        ...common,
        json: values.json === true,
        ...(values.limit !== undefined ? { limit: integer('--limit', values.limit, 1, 1000) } : {}),
        ...(values.after !== undefined ? { after: nonEmpty('--after', values.after) } : {}),
        ...(values.before !== undefined ? { before: nonEmpty('--before', values.before) } : {}),
      };
    }
    case 'model': {
      if (rest.length !== 1) throw new UsageError(`'model' takes exactly one model id or alias, got ${rest.length} arguments`);
      return { kind: 'model', ...common, id: nonEmpty('model id', rest[0] ?? '') };
    }
  }
}

function commonOptions(values: Values, env: Readonly<Record<string, string | undefined>>): CommonOptions {
  const addr = values.addr !== undefined ? nonEmpty('--addr', values.addr) : defaultAddr(env);
  const deadlineMs = values['deadline-ms'] !== undefined ? integer('--deadline-ms', values['deadline-ms'], 1, 2_147_483_647) : DEFAULT_DEADLINE_MS;
  return { addr, deadlineMs };
}

export function defaultAddr(env: Readonly<Record<string, string | undefined>>): string {
  if (env['MODELROUTER_ADDR']) return env['MODELROUTER_ADDR'];
  return `localhost:${env['GRPC_PORT'] || DEFAULT_PORT}`;
}

function requestOptions(values: Values, rest: readonly string[], command: Command): RequestOptions {
  if (rest.length === 0) throw new UsageError(`'${command}' needs a prompt (quote it, or pass - to read stdin)`);
  if (rest.length > 1) throw new UsageError(`'${command}' takes one prompt argument, got ${rest.length}; quote the prompt`);
  if (values['no-cache'] && values.refresh) throw new UsageError('use --no-cache or --refresh, not both');
  return {
    prompt: rest[0] ?? '',
    json: values.json === true,
    cache: values['no-cache'] ? 'bypass' : values.refresh ? 'refresh' : 'default',
    ...(values.task !== undefined ? { task: values.task } : {}),
    ...(values.model !== undefined ? { model: nonEmpty('--model', values.model) } : {}),
    ...(values.system !== undefined ? { system: values.system } : {}),
    ...(values['max-tokens'] !== undefined ? { maxTokens: integer('--max-tokens', values['max-tokens'], 0, 2_147_483_647) } : {}),
    ...(values.temperature !== undefined ? { temperature: decimal('--temperature', values.temperature, 0, 1) } : {}),
    ...(values.thinking !== undefined ? { thinking: integer('--thinking', values.thinking, 0, 2_147_483_647) } : {}),
  };
}

function noPositionals(rest: readonly string[], command: Command): void {
  if (rest.length > 0) throw new UsageError(`'${command}' takes no arguments, got '${rest.join(' ')}'`);
}

function nonEmpty(name: string, raw: string): string {
  if (raw.trim() === '') throw new UsageError(`${name} must not be empty`);
  return raw;
}

export function integer(name: string, raw: string, min: number, max: number): number {
  if (!/^\d+$/.test(raw.trim())) throw new UsageError(`${name} must be a whole number, got '${raw}'`);
  const n = Number(raw.trim());
  if (n < min || n > max) throw new UsageError(`${name} must be between ${min} and ${max}, got ${raw}`);
  return n;
}

export function decimal(name: string, raw: string, min: number, max: number): number {
  const n = Number(raw.trim());
  if (raw.trim() === '' || !Number.isFinite(n)) throw new UsageError(`${name} must be a number, got '${raw}'`);
  if (n < min || n > max) throw new UsageError(`${name} must be between ${min} and ${max}, got ${raw}`);
  return n;
}
