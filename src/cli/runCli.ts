import { UnreachableError, describeServiceError, isServiceError } from './client';
import { budgetCommand } from './commands/budget';
import { completeCommand } from './commands/complete';
import { completionCommand } from './commands/completion';
import { countCommand } from './commands/count';
import { doctorCommand } from './commands/doctor';
import { modelCommand } from './commands/model';
import { modelsCommand } from './commands/models';
import { routeCommand } from './commands/route';
import type { CliIo } from './io';
import { parseCli, UsageError, type ParsedCli } from './parseArgs';
import { USAGE } from './usage';

export type { CliIo } from './io';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** Runs one CLI invocation and returns its exit code; never throws. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const parsed = parseCli(argv, io.env);
    return await dispatch(parsed, io);
  } catch (err) {
    return report(err, io);
  }
}

function dispatch(parsed: ParsedCli, io: CliIo): Promise<number> {
  switch (parsed.kind) {
    case 'help':
      io.stdout.write(USAGE);
      return Promise.resolve(EXIT_OK);
    case 'complete':
      return completeCommand(parsed, io);
    case 'route':
      return routeCommand(parsed, io);
    case 'count':
      return countCommand(parsed, io);
    case 'models':
      return modelsCommand(parsed, io);
    case 'model':
      return modelCommand(parsed, io);
    case 'budget':
      return budgetCommand(parsed, io);
    case 'doctor':
      return doctorCommand(parsed, io);
    case 'completion':
      return completionCommand(parsed, io);
  }
}

function report(err: unknown, io: CliIo): number {
  if (err instanceof UsageError) {
    io.stderr.write(`error: ${err.message}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  if (err instanceof UnreachableError) {
    // `modelrouter: cannot reach 127.0.0.1:1 (connection refused)`: one line, the address and why.
    io.stderr.write(`modelrouter: ${err.message}\n`);
    return EXIT_FAILURE;
  }
  if (isServiceError(err)) {
    io.stderr.write(`error: ${describeServiceError(err)}\n`);
    return EXIT_FAILURE;
  }
  io.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  return EXIT_FAILURE;
}
