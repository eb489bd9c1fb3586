export const COMMANDS = ['complete', 'route', 'count', 'models', 'model'] as const;
export type Command = (typeof COMMANDS)[number];

/** Every option of every command; each command accepts the subset listed in COMMAND_OPTIONS. */
export const OPTIONS = {
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
  image: { type: 'string', multiple: true },
  document: { type: 'string', multiple: true },
  tools: { type: 'string' },
  'tool-choice': { type: 'string' },
  messages: { type: 'string' },
  beta: { type: 'string', multiple: true },
  stream: { type: 'boolean' },
  limit: { type: 'string' },
  after: { type: 'string' },
  before: { type: 'string' },
} as const;

export type OptionName = keyof typeof OPTIONS;

/** What node:util parseArgs hands back for OPTIONS. */
export type Values = {
  [K in OptionName]?: (typeof OPTIONS)[K] extends { multiple: true }
    ? string[]
    : (typeof OPTIONS)[K]['type'] extends 'boolean'
      ? boolean
      : string;
};

const COMMON: readonly OptionName[] = ['addr', 'deadline-ms', 'help'];
const REQUEST: readonly OptionName[] = [
  'task', 'model', 'system', 'max-tokens', 'temperature', 'thinking', 'no-cache', 'refresh', 'json',
  'image', 'document', 'tools', 'tool-choice', 'messages', 'beta',
];

export const COMMAND_OPTIONS: Record<Command, readonly OptionName[]> = {
  complete: [...COMMON, ...REQUEST, 'stream'],
  route: [...COMMON, ...REQUEST],
  count: [...COMMON, ...REQUEST],
  models: [...COMMON, 'limit', 'after', 'before', 'json', 'refresh'],
  model: [...COMMON],
};

export function isCommand(word: string): word is Command {
  return (COMMANDS as readonly string[]).includes(word);
}
