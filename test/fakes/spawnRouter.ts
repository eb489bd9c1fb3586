import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const MAIN_JS = join(__dirname, '..', '..', 'dist', 'src', 'main.js');

export interface SpawnedRouter {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first JSON log line whose `event` matches (and that `match` accepts, when given). */
  waitForEvent(event: string, timeoutMs?: number, match?: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  exited: Promise<number | null>;
}

/**
 * Starts the compiled server (`npm start`'s entry point) as its own process; `make test` builds it first.
 * `wrapper` runs it under another command, e.g. ['prlimit', '--nofile=40:40', '--'].
 */
export function spawnRouter(env: NodeJS.ProcessEnv, wrapper: readonly string[] = []): SpawnedRouter {
  if (!existsSync(MAIN_JS)) throw new Error(`${MAIN_JS} is missing: run \`npm run build\` (make test does)`);
  const { ANTHROPIC_API_KEY: _key, ANTHROPIC_BASE_URL: _url, REDIS_URL: _redis, ...inherited } = process.env;
  const [command, ...args] = [...wrapper, process.execPath, MAIN_JS];
  const child = spawn(command ?? process.execPath, args, {
    env: { ...inherited, METRICS_PORT: '0', HTTP_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const events = (): Record<string, unknown>[] =>
    out
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitForEvent: (event, timeoutMs = 10_000, match = () => true) =>
      new Promise((resolve, reject) => {
        const started = Date.now();
        const poll = setInterval(() => {
          const found = events().find((e) => e['event'] === event && match(e));
          if (found) {
            clearInterval(poll);
            resolve(found);
          } else if (Date.now() - started > timeoutMs || child.exitCode !== null) {
            clearInterval(poll);
            reject(new Error(`no '${event}' log line; stdout:\n${out}\nstderr:\n${err}`));
          }
        }, 20);
      }),
  };
}
