import { Readable } from 'node:stream';
import { runCli } from '../../src/cli/runCli';

/** A writable that records each write separately. */
export class Capture {
  readonly writes: string[] = [];
  write(chunk: string): boolean {
    this.writes.push(chunk);
    return true;
  }
  get text(): string {
    return this.writes.join('');
  }
}

export interface CliRun {
  code: number;
  stdout: Capture;
  stderr: Capture;
  out: string;
  err: string;
}

export interface CliRunOptions {
  stdin?: string;
  /** Default: MODELROUTER_ADDR only. */
  env?: Record<string, string>;
}

/** `npx modelrouter <args>` in this process, against the router at `addr`. */
export async function runCliAt(addr: string, args: string[], options: CliRunOptions = {}): Promise<CliRun> {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await runCli(args, {
    stdout,
    stderr,
    env: options.env ?? { MODELROUTER_ADDR: addr },
    ...(options.stdin !== undefined ? { stdin: Readable.from([options.stdin]) } : {}),
  });
  return { code, stdout, stderr, out: stdout.text, err: stderr.text };
}
