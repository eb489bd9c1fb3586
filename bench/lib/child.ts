/**
 * A tiny request/response protocol over Node's IPC channel, so the router, the fake upstream and the echo server
 * each run in their own process and the load generator can still steer them (faults, counters, RSS, CPU time).
 *
 * Parent: startChild(script, { arg }) forks `script`, waits for its `ready` message and returns a handle whose
 * call(cmd, arg) resolves with the child's answer. Child: serveChild(init) runs init(arg), sends `ready`, then
 * answers commands. A child exits when its parent goes away (IPC disconnect), so no process outlives a bench run.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { waitExit } from '../../test/fakes/redisServer';

export const CHILD_ARG_ENV = 'BENCH_CHILD_ARG';

type Handler = (arg: unknown) => unknown;

interface RequestMessage {
  kind: 'request';
  id: number;
  cmd: string;
  arg: unknown;
}

type ChildMessage =
  | { kind: 'ready'; value: unknown }
  | { kind: 'failed'; error: string }
  | { kind: 'reply'; id: number; ok: true; value: unknown }
  | { kind: 'reply'; id: number; ok: false; error: string };

/** Every command a child answers besides its own: process figures, measured inside the child. */
export interface ProcessStats {
  pid: number;
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  /** process.cpuUsage(), user + system, in µs since the child started. */
  cpuMicros: number;
}

export interface ChildHandle<Ready> {
  readonly name: string;
  readonly pid: number;
  readonly ready: Ready;
  call<T>(cmd: string, arg?: unknown, timeoutMs?: number): Promise<T>;
  stats(): Promise<ProcessStats>;
  /** Asks the child to close and exit (so --cpu-prof gets written); SIGKILL after graceMs. Idempotent. */
  stop(graceMs?: number): Promise<void>;
}

const live = new Set<ChildProcess>();
let exitHook = false;

function installExitHook(): void {
  if (exitHook) return;
  exitHook = true;
  process.once('exit', () => {
    for (const child of live) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
}

export interface StartChildOptions {
  arg?: unknown;
  execArgv?: string[];
  env?: NodeJS.ProcessEnv;
  /** How long init may take. Default 20 s. */
  readyTimeoutMs?: number;
  /** Child stdout: 'ignore' (default) or 'inherit'. stderr is always inherited. */
  stdout?: 'ignore' | 'inherit';
}

export async function startChild<Ready>(name: string, script: string, options: StartChildOptions = {}): Promise<ChildHandle<Ready>> {
  installExitHook();
  const child = fork(script, [], {
    execArgv: options.execArgv ?? [],
    env: { ...process.env, ...options.env, [CHILD_ARG_ENV]: JSON.stringify(options.arg ?? null) },
    stdio: ['ignore', options.stdout ?? 'ignore', 'inherit', 'ipc'],
    serialization: 'json',
  });
  live.add(child);
  child.once('exit', () => live.delete(child));

  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();
  let nextId = 1;
  const failAll = (why: string): void => {
    for (const [id, p] of pending) {
      clearTimeout(p.timer);
      p.reject(new Error(`${name}: ${why}`));
      pending.delete(id);
    }
  };
  child.on('exit', (code, signal) => failAll(`exited (${code ?? signal ?? '?'})`));

  const ready = await new Promise<Ready>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name}: not ready within ${options.readyTimeoutMs ?? 20_000} ms`));
    }, options.readyTimeoutMs ?? 20_000);
    const onExit = (code: number | null, signal: string | null): void => {
      clearTimeout(timer);
      reject(new Error(`${name}: exited during start-up (${code ?? signal ?? '?'})`));
    };
    child.once('exit', onExit);
    child.on('message', (raw: unknown) => {
      const msg = raw as ChildMessage;
      if (msg.kind === 'ready') {
        clearTimeout(timer);
        child.off('exit', onExit);
        resolve(msg.value as Ready);
      } else if (msg.kind === 'failed') {
        clearTimeout(timer);
        child.off('exit', onExit);
        reject(new Error(`${name}: start-up failed: ${msg.error}`));
      } else if (msg.kind === 'reply') {
        const p = pending.get(msg.id);
        if (!p) return;
        pending.delete(msg.id);
        clearTimeout(p.timer);
        if (msg.ok) p.resolve(msg.value);
        else p.reject(new Error(`${name}: ${msg.error}`));
      }
    });
  });

  let stopping: Promise<void> | undefined;
  const call = <T>(cmd: string, arg?: unknown, timeoutMs = 15_000): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (!child.connected) {
        reject(new Error(`${name}: not connected`));
        return;
      }
      const id = nextId++;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`${name}: '${cmd}' got no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      const msg: RequestMessage = { kind: 'request', id, cmd, arg: arg ?? null };
      child.send(msg);
    });

  return {
    name,
    pid: child.pid ?? -1,
    ready,
    call,
    stats: () => call<ProcessStats>('__stats'),
    stop(graceMs = 5_000) {
      stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        try {
          await call('__close', null, graceMs);
        } catch {
          // fall through to the kill below
        }
        if (!(await waitExit(child, graceMs))) {
          child.kill('SIGKILL');
          await waitExit(child, 2_000);
        }
      })();
      return stopping;
    },
  };
}

export interface ChildService {
  ready: unknown;
  handlers: Record<string, Handler>;
  /** Run before the child exits on `__close`. */
  close(): Promise<void>;
}

export function childArg<T>(): T {
  return JSON.parse(process.env[CHILD_ARG_ENV] ?? 'null') as T;
}

export function processStats(): ProcessStats {
  const mem = process.memoryUsage();
  const cpu = process.cpuUsage();
  return {
    pid: process.pid,
    rss: mem.rss,
    heapUsed: mem.heapUsed,
    heapTotal: mem.heapTotal,
    external: mem.external,
    arrayBuffers: mem.arrayBuffers,
    cpuMicros: cpu.user + cpu.system,
  };
}

/** Child side. */
export function serveChild(init: () => Promise<ChildService>): void {
  const send = (msg: ChildMessage): void => {
    if (process.connected && process.send) process.send(msg);
  };
  // The parent went away (crash, Ctrl-C): nothing should keep running behind it.
  process.on('disconnect', () => process.exit(0));
  init().then(
    (service) => {
      let closing = false;
      process.on('message', (raw: unknown) => {
        const msg = raw as RequestMessage;
        if (msg.kind !== 'request') return;
        const reply = (run: () => unknown): void => {
          Promise.resolve()
            .then(run)
            .then(
              (value) => send({ kind: 'reply', id: msg.id, ok: true, value: value ?? null }),
              (err: unknown) => send({ kind: 'reply', id: msg.id, ok: false, error: err instanceof Error ? err.message : String(err) }),
            );
        };
        if (msg.cmd === '__stats') return reply(processStats);
        if (msg.cmd === '__close') {
          if (closing) return reply(() => null);
          closing = true;
          return reply(async () => {
            await service.close();
            // After the reply is flushed; process.exit (not a signal) is what lets --cpu-prof write its file.
            setTimeout(() => process.exit(0), 20);
            return null;
          });
        }
        const handler = service.handlers[msg.cmd];
        if (!handler) return reply(() => Promise.reject(new Error(`unknown command '${msg.cmd}'`)));
        return reply(() => handler(msg.arg));
      });
      send({ kind: 'ready', value: service.ready });
    },
    (err: unknown) => {
      send({ kind: 'failed', error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
      setTimeout(() => process.exit(1), 50);
    },
  );
}
