import { Readable } from 'node:stream';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/runCli';
import { startHarness, type Harness, type HarnessOptions } from './routerHarness';

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

/** The CLI against a router of its own for one describe block: started before its tests, closed after. */
export interface CliRouter {
  readonly h: Harness;
  readonly addr: string;
  cli(args: string[], options?: CliRunOptions): Promise<CliRun>;
}

export function cliAgainstRouter(options: HarnessOptions = {}): CliRouter {
  let harness: Harness | undefined;
  beforeAll(async () => {
    harness = await startHarness(options);
  });
  afterAll(() => harness?.close());
  const started = (): Harness => {
    if (!harness) throw new Error('the router starts in beforeAll');
    return harness;
  };
  return {
    get h() {
      return started();
    },
    get addr() {
      return `127.0.0.1:${started().app.port}`;
    },
    cli(args, cliOptions = {}) {
      return runCliAt(`127.0.0.1:${started().app.port}`, args, cliOptions);
    },
  };
}

/** A scratch folder for one describe block: made before its tests, removed after. */
export function scratchDir(prefix: string): { readonly path: string } {
  let dir: string | undefined;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return {
    get path() {
      if (!dir) throw new Error('the folder is made in beforeAll');
      return dir;
    },
  };
}
