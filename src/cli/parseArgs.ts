import { parseArgs as nodeParseArgs } from 'node:util';
import { integer, nonEmpty, UsageError } from './argValues';
import { COMMAND_OPTIONS, COMMANDS, isCommand, OPTIONS, type OptionName, type Values } from './options';
import { requestOptions, type RequestOptions } from './requestOptions';

export { UsageError } from './argValues';
export type { CacheFlag, RequestOptions } from './requestOptions';

export const DEFAULT_DEADLINE_MS = 60_000;
export const DEFAULT_PORT = 50051;

export interface CommonOptions {
  addr: string;
  deadlineMs: number;
}

export type ParsedCli =
  | { kind: 'help' }
  | ({ kind: 'complete'; stream: boolean } & CommonOptions & RequestOptions)
  | ({ kind: 'route' } & CommonOptions & RequestOptions)
  | ({ kind: 'count' } & CommonOptions & RequestOptions)
  | ({ kind: 'models'; limit?: number; after?: string; before?: string; json: boolean; refresh: boolean } & CommonOptions)
  | ({ kind: 'model'; id: string } & CommonOptions);

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

function noPositionals(rest: readonly string[], command: string): void {
  if (rest.length > 0) throw new UsageError(`'${command}' takes no arguments, got '${rest.join(' ')}'`);
}
