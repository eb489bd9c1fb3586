import {
  COMMAND_DOCS,
  COMMAND_OPTIONS,
  COMMANDS,
  isRepeatable,
  OPTION_DOCS,
  optionHelp,
  shortFlag,
  takesValue,
  type Command,
  type OptionName,
} from '../options';

/** One option of one command, as the completion scripts need it. */
export interface CompletionOption {
  name: OptionName;
  /** `--json`, or `-h` and `--help`. */
  flags: string[];
  /** The value's placeholder, or null for a flag. */
  value: string | null;
  repeatable: boolean;
  help: string;
  /** What completes the value: 'file', a list of words, or null (anything). */
  complete: 'file' | string[] | null;
}

export interface CompletionCommand {
  name: string;
  help: string;
  /** Words that complete the command's argument (empty: free text or none). */
  args: string[];
  options: CompletionOption[];
}

/** The commands the completion offers: every command of the table, and `help`. */
export interface CompletionSpec {
  program: 'modelrouter';
  commands: CompletionCommand[];
  /** Options that may come before the command. */
  globalOptions: CompletionOption[];
}

export function completionOption(command: Command | undefined, name: OptionName): CompletionOption {
  const short = shortFlag(name);
  const complete = OPTION_DOCS[name].complete;
  return {
    name,
    flags: [...(short !== undefined ? [`-${short}`] : []), `--${name}`],
    value: takesValue(name) ? (OPTION_DOCS[name].value ?? 'VALUE') : null,
    repeatable: isRepeatable(name),
    help: optionHelp(command, name),
    complete: complete === undefined ? null : complete === 'file' ? 'file' : [...complete],
  };
}

/** Built from src/cli/options.ts alone, so the scripts offer exactly what the parser accepts. */
export function completionSpec(): CompletionSpec {
  const commands: CompletionCommand[] = COMMANDS.map((name) => ({
    name,
    help: COMMAND_DOCS[name].help.join(' '),
    args: [...(COMMAND_DOCS[name].args ?? [])],
    options: COMMAND_OPTIONS[name].map((option) => completionOption(name, option)),
  }));
  commands.push({ name: 'help', help: 'Show the usage', args: [], options: [] });
  return { program: 'modelrouter', commands, globalOptions: [completionOption(undefined, 'help')] };
}

/** Every value-taking option of any command: the words after which the next word is a value, not the command. */
export function valueFlags(spec: CompletionSpec): string[] {
  const flags = new Set<string>();
  for (const command of spec.commands) for (const option of command.options) if (option.value !== null) option.flags.forEach((f) => flags.add(f));
  return [...flags].sort();
}

/** A description short enough for a completion menu: the help without its parentheses, to the end of its first sentence. */
export function shortHelp(help: string): string {
  const plain = help.replace(/\s*\([^()]*\)/g, '');
  const cut = plain.search(/(?<!e\.g)[.;](\s|$)/);
  return (cut > 0 ? plain.slice(0, cut) : plain).trim();
}
