import { COMMAND_DOCS, COMMANDS, OPTION_DOCS, optionHelp, REQUEST_OPTIONS, shortFlag, type Command, type OptionName } from './options';

const COLUMN = 30;

/** The usage's option sections, in order; every option is in one (test/integration/cliCompletion.test.ts). */
export const USAGE_SECTIONS: readonly { title: string; options: readonly OptionName[]; command?: Command }[] = [
  { title: 'Request options (complete, route, count):', options: [...REQUEST_OPTIONS.filter((o) => o !== 'json'), 'stream'] },
  { title: 'Models options (models):', options: ['limit', 'after', 'before', 'refresh'], command: 'models' },
  { title: 'Common options:', options: ['addr', 'deadline-ms', 'connect-timeout-ms', 'json', 'help'] },
];

/** `--task T`, `-h, --help`: how the option is written in the usage. */
export function optionSignature(name: OptionName): string {
  const short = shortFlag(name);
  const value = OPTION_DOCS[name].value;
  return `${short !== undefined ? `-${short}, ` : ''}--${name}${value !== undefined ? ` ${value}` : ''}`;
}

/** A left column, padded (or alone on its line when too wide), then the first line and the continuation lines. */
function entry(left: string, lines: readonly string[]): string {
  const [first = '', ...more] = lines;
  const head = left.length < COLUMN - 1 ? `  ${left.padEnd(COLUMN)}${first}` : `  ${left}\n${' '.repeat(COLUMN + 2)}${first}`;
  return [head, ...more.map((line) => `${' '.repeat(COLUMN + 2)}${line}`)].join('\n');
}

function optionEntry(name: OptionName, command: Command | undefined): string {
  const help = optionHelp(command, name);
  const more = help === OPTION_DOCS[name].help ? (OPTION_DOCS[name].more ?? []) : [];
  return entry(optionSignature(name), [help, ...more]);
}

function buildUsage(): string {
  const commands = COMMANDS.map((c) => entry(COMMAND_DOCS[c].synopsis, COMMAND_DOCS[c].help));
  const sections = USAGE_SECTIONS.map((s) => [s.title, ...s.options.map((o) => optionEntry(o, s.command))].join('\n'));
  return `Usage: modelrouter <command> [options]

Commands:
${commands.join('\n')}

${sections[0]}

  Images and documents go into the final user turn, before the prompt's text; without a prompt, into the
  conversation's last turn if it is the user's, else into a user turn of their own.

${sections.slice(1).join('\n\n')}

Environment: MODELROUTER_ADDR (the server), MODELROUTER_TOKEN (sent as authorization: Bearer, when the router has callers).

Examples:
  modelrouter complete --image examples/pixel.png "What is in this picture?"
  modelrouter complete --tools examples/weather-tools.json "Use the tool: what's the weather in Paris?"
  modelrouter complete --tools examples/weather-tools.json --messages examples/tool-loop.json
  modelrouter count --document examples/hello.pdf "Summarise this"
  modelrouter route --json "Plan a migration" | jq -r .model
  modelrouter doctor
  source <(modelrouter completion bash)

Exit codes: 0 ok, 1 server or connection error (doctor: a check failed), 2 bad usage (a missing or unreadable
file included).
`;
}

export const USAGE = buildUsage();
