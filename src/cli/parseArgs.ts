import { parseArgs as nodeParseArgs } from 'node:util';
import { integer, nonEmpty, UsageError } from './argValues';
import { COMMAND_OPTIONS, COMMANDS, isCommand, isShell, OPTIONS, SHELLS, type OptionName, type Shell, type Values } from './options';
import { requestOptions, type RequestOptions } from './requestOptions';

export { UsageError } from './argValues';
export type { CacheFlag, RequestOptions } from './requestOptions';

export const DEFAULT_DEADLINE_MS = 60_000;
export const DEFAULT_PORT = 50051;
/** Long enough for a router across a slow network; a refused port or a server that is not gRPC fails at once. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 2000;

export interface CommonOptions {
  addr: string;
  deadlineMs: number;
  /** How long to wait for the connection (capped by deadlineMs); the calls then have all of deadlineMs. */
  connectTimeoutMs: number;
  /** MODELROUTER_TOKEN: the caller's bearer token, when the router has callers (never an argument: `ps` shows those). */
  token: string | undefined;
}

export type ParsedCli =
  | { kind: 'help' }
  | ({ kind: 'complete'; stream: boolean } & CommonOptions & RequestOptions)
  | ({ kind: 'route' } & CommonOptions & RequestOptions)
  | ({ kind: 'count' } & CommonOptions & RequestOptions)
  | ({ kind: 'models'; limit?: number; after?: string; before?: string; json: boolean; refresh: boolean } & CommonOptions)
  | ({ kind: 'model'; id: string; json: boolean } & CommonOptions)
  | ({ kind: 'budget'; name: string; json: boolean } & CommonOptions)
  | ({ kind: 'doctor'; json: boolean } & CommonOptions)
  | { kind: 'completion'; shell?: Shell; json: boolean };

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

  if (word === 'completion') return completionOptions(values, rest);
  const common = commonOptions(values, env);
  switch (word) {
    case 'complete':
      return { kind: 'complete', stream: values.stream === true, ...common, ...requestOptions(values, rest, word) };
    case 'route':
      return { kind: 'route', ...common, ...requestOptions(values, rest, word) };
    case 'count':
      return { kind: 'count', ...common, ...requestOptions(values, rest, word) };
    case 'models': {
      noPositionals(rest, word);
      if (values.after !== undefined && values.before !== undefined) throw new UsageError('use --after or --before, not both');
      return {
        kind: 'models',
        ...common,
        json: values.json === true,
        refresh: values.refresh === true,
        ...(values.limit !== undefined ? { limit: integer('--limit', values.limit, 1, 1000) } : {}),
        ...(values.after !== undefined ? { after: nonEmpty('--after', values.after) } : {}),
        ...(values.before !== undefined ? { before: nonEmpty('--before', values.before) } : {}),
      };
    }
    case 'model': {
      if (rest.length !== 1) throw new UsageError(`'model' takes exactly one model id or alias, got ${rest.length} arguments`);
      return { kind: 'model', ...common, json: values.json === true, id: nonEmpty('model id', rest[0] ?? '') };
    }
    case 'budget': {
      if (rest.length > 1) throw new UsageError(`'budget' takes at most one budget name, got ${rest.length} arguments`);
      return { kind: 'budget', ...common, json: values.json === true, name: rest[0] === undefined ? '' : nonEmpty('budget name', rest[0]) };
    }
    case 'doctor':
      noPositionals(rest, word);
      return { kind: 'doctor', ...common, json: values.json === true };
  }
}

/** `completion SHELL`; with --json the shell may be left out (the table of commands and options). */
function completionOptions(values: Values, rest: readonly string[]): ParsedCli {
  const json = values.json === true;
  if (rest.length > 1) throw new UsageError(`'completion' takes one shell (${SHELLS.join(', ')}), got ${rest.length} arguments`);
  const [shell] = rest;
  if (shell === undefined) {
    if (json) return { kind: 'completion', json };
    throw new UsageError(`'completion' needs a shell: ${SHELLS.join(', ')}`);
  }
  if (!isShell(shell)) throw new UsageError(`'completion' knows ${SHELLS.join(', ')}, not '${shell}'`);
  return { kind: 'completion', shell, json };
}

function commonOptions(values: Values, env: Readonly<Record<string, string | undefined>>): CommonOptions {
  const addr = values.addr !== undefined ? nonEmpty('--addr', values.addr) : defaultAddr(env);
  const deadlineMs = values['deadline-ms'] !== undefined ? integer('--deadline-ms', values['deadline-ms'], 1, 2_147_483_647) : DEFAULT_DEADLINE_MS;
  const connectTimeoutMs =
    values['connect-timeout-ms'] !== undefined ? integer('--connect-timeout-ms', values['connect-timeout-ms'], 1, 2_147_483_647) : DEFAULT_CONNECT_TIMEOUT_MS;
  return { addr, deadlineMs, connectTimeoutMs, token: env['MODELROUTER_TOKEN'] || undefined };
}

export function defaultAddr(env: Readonly<Record<string, string | undefined>>): string {
  if (env['MODELROUTER_ADDR']) return env['MODELROUTER_ADDR'];
  return `localhost:${env['GRPC_PORT'] || DEFAULT_PORT}`;
}

function noPositionals(rest: readonly string[], command: string): void {
  if (rest.length > 0) throw new UsageError(`'${command}' takes no arguments, got '${rest.join(' ')}'`);
}
