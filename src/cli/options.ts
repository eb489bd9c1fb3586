/**
 * The CLI's one table of commands and options: the parser (parseArgs.ts), the usage (usage.ts) and the shell
 * completion scripts (completion/) are all made from it, so none of them can name an option the others lack.
 */
export const COMMANDS = ['complete', 'route', 'count', 'models', 'model', 'budget', 'doctor', 'completion'] as const;
export type Command = (typeof COMMANDS)[number];

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

/** Every option of every command; each command accepts the subset listed in COMMAND_OPTIONS. */
export const OPTIONS = {
  addr: { type: 'string' },
  'deadline-ms': { type: 'string' },
  'connect-timeout-ms': { type: 'string' },
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
  [K in OptionName]?: (typeof OPTIONS)[K] extends { multiple: true } ? string[] : (typeof OPTIONS)[K]['type'] extends 'boolean' ? boolean : string;
};

const COMMON: readonly OptionName[] = ['addr', 'deadline-ms', 'connect-timeout-ms', 'help'];
export const REQUEST_OPTIONS: readonly OptionName[] = [
  'task',
  'model',
  'system',
  'max-tokens',
  'temperature',
  'thinking',
  'no-cache',
  'refresh',
  'json',
  'image',
  'document',
  'tools',
  'tool-choice',
  'messages',
  'beta',
];

export const COMMAND_OPTIONS: Record<Command, readonly OptionName[]> = {
  complete: [...COMMON, ...REQUEST_OPTIONS, 'stream'],
  route: [...COMMON, ...REQUEST_OPTIONS],
  count: [...COMMON, ...REQUEST_OPTIONS],
  models: [...COMMON, 'limit', 'after', 'before', 'json', 'refresh'],
  model: [...COMMON, 'json'],
  budget: [...COMMON, 'json'],
  doctor: [...COMMON, 'json'],
  completion: ['help', 'json'],
};

export interface OptionDoc {
  /** The value's placeholder (`--task T`); absent for a flag. */
  value?: string;
  /** One line: the usage's first line for the option, and its description in the completion scripts. */
  help: string;
  /** Further lines of the usage only. */
  more?: readonly string[];
  /** What completes the option's value: file names, or these words. */
  complete?: 'file' | readonly string[];
}

export const OPTION_DOCS: Record<OptionName, OptionDoc> = {
  addr: { value: 'host:port', help: 'Server address (default $MODELROUTER_ADDR, else localhost:$GRPC_PORT or 50051)' },
  'deadline-ms': { value: 'N', help: 'gRPC deadline of each call in milliseconds (default 60000)' },
  'connect-timeout-ms': { value: 'N', help: 'Give up connecting after N ms (default 2000); a refused port fails at once' },
  help: { help: 'Show this help' },
  json: {
    help: "Print JSON only: the response with the proto's JSON field names",
    more: [
      '(lowerCamelCase, every field); --stream: one chunk a line, the last {"done": ...};',
      'doctor: an array of checks; completion: the table of commands and options',
    ],
  },
  task: { value: 'T', help: 'Policy task, e.g. simple_qa, code_generation, complex_reasoning, general' },
  model: { value: 'M', help: 'Explicit model id or alias (overrides the policy)' },
  system: { value: 'S', help: 'System prompt' },
  'max-tokens': { value: 'N', help: 'Upper bound on output tokens (0 = configured default)' },
  temperature: { value: 'X', help: 'Sampling temperature in [0, 1]' },
  thinking: { value: 'N', help: 'Extended thinking budget in tokens (0 = off)' },
  'no-cache': { help: 'Neither read nor write the response cache' },
  refresh: { help: 'Skip the cache read, call upstream and overwrite the entry' },
  image: { value: 'FILE', help: 'Attach an image (.png, .jpg, .jpeg, .gif, .webp); repeatable', complete: 'file' },
  document: { value: 'FILE', help: 'Attach a document (.pdf, or .txt/.md as text), titled with its file name; repeatable', complete: 'file' },
  tools: { value: 'FILE.json', help: "Tools the model may call: a JSON array in Anthropic's format", complete: 'file' },
  'tool-choice': { value: 'C', help: 'auto, any, none or tool:NAME', complete: ['auto', 'any', 'none', 'tool:'] },
  messages: {
    value: 'FILE.json',
    help: 'The conversation so far: a JSON array of Anthropic messages. The prompt is then',
    more: ['optional; when given it is sent as a final user turn'],
    complete: 'file',
  },
  beta: { value: 'NAME', help: 'An anthropic-beta value; repeatable' },
  stream: { help: 'complete only: print the answer (text, tool calls) as it is generated' },
  limit: { value: 'N', help: 'Models per page, 1 to 1000' },
  after: { value: 'ID', help: 'The page after this model id' },
  before: { value: 'ID', help: 'The page before this model id' },
};

/** Where an option means something else for one command than OPTION_DOCS says. */
export const COMMAND_OPTION_HELP: Partial<Record<Command, Partial<Record<OptionName, string>>>> = {
  models: { refresh: 'Read the Models API first (RefreshCatalog), then list', json: 'Print the ListModelsResponse as JSON' },
  budget: { json: 'Print the GetBudgetResponse as JSON' },
  doctor: { json: 'Print the checks as a JSON array' },
  completion: { json: 'Print this table of commands and options as JSON (with a shell: the script)' },
};

export interface CommandDoc {
  /** The command's line in the usage, e.g. `count [options] "prompt"`. */
  synopsis: string;
  help: readonly string[];
  /** Words that complete the command's argument. */
  args?: readonly string[];
}

export const COMMAND_DOCS: Record<Command, CommandDoc> = {
  complete: {
    synopsis: 'complete [options] "prompt"',
    help: [
      'Answer a prompt ("-" reads it from stdin). Text, then one line per tool call',
      '([tool_use <id>] <name> <input JSON>), to stdout; thinking and a summary to stderr.',
    ],
  },
  route: { synopsis: 'route [options] "prompt"', help: ['Dry run: which model would serve the prompt, its fallbacks and why.'] },
  count: { synopsis: 'count [options] "prompt"', help: ["Count the request's input tokens on the model it routes to: input_tokens=N model=ID"] },
  models: { synopsis: 'models [options]', help: ['List the model catalog, newest first, a page at a time, with circuit state.'] },
  model: { synopsis: 'model [options] ID', help: ['Show one model (id or alias) as JSON.'] },
  budget: {
    synopsis: 'budget [options] [NAME]',
    help: ['Spend budgets in their current period: one by name, or every one that applies to you.'],
  },
  doctor: {
    synopsis: 'doctor [options]',
    help: [
      'Check the router and its setup. Router: health, models, circuits, a route per task;',
      'where its config is: the config, Redis, the API key. One line per check, ok or FAIL.',
    ],
  },
  completion: {
    synopsis: 'completion bash|zsh|fish',
    help: ['Print a shell completion script (bash, zsh or fish);', 'load it with: source <(modelrouter completion bash)'],
    args: SHELLS,
  },
};

/** The option's help for one command. */
export function optionHelp(command: Command | undefined, name: OptionName): string {
  return (command !== undefined ? COMMAND_OPTION_HELP[command]?.[name] : undefined) ?? OPTION_DOCS[name].help;
}

export function takesValue(name: OptionName): boolean {
  return OPTIONS[name].type === 'string';
}

export function isRepeatable(name: OptionName): boolean {
  return 'multiple' in OPTIONS[name];
}

export function shortFlag(name: OptionName): string | undefined {
  const option = OPTIONS[name];
  return 'short' in option ? option.short : undefined;
}

export function isCommand(word: string): word is Command {
  return (COMMANDS as readonly string[]).includes(word);
}

export function isShell(word: string): word is Shell {
  return (SHELLS as readonly string[]).includes(word);
}
